namespace DiffGen;

/// <summary>Keras' automatic names: the first Dense is <c>dense</c>, the next <c>dense_1</c>, and so on, per kind.</summary>
internal static class LayerNames
{
    private static readonly Dictionary<string, int> s_counts = [];

    public static string Next(string prefix)
    {
        lock (s_counts)
        {
            var count = s_counts.GetValueOrDefault(prefix);
            s_counts[prefix] = count + 1;
            return count == 0 ? prefix : $"{prefix}_{count}";
        }
    }

    /// <summary>Starts the numbering again (Keras' <c>clear_session</c>).</summary>
    public static void Reset()
    {
        lock (s_counts)
        {
            s_counts.Clear();
        }
    }
}
