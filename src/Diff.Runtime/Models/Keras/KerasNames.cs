using System.Text;

namespace DiffGen;

/// <summary>Keras' naming rules that its file format depends on.</summary>
internal static class KerasNames
{
    /// <summary>
    /// Keras' <c>naming.to_snake_case</c>: a word boundary before each capitalised word and between a lower-case
    /// letter and a capital, then lower case — <c>Dense</c> → <c>dense</c>, <c>LeakyReLU</c> → <c>leaky_re_lu</c>,
    /// <c>GlorotUniform</c> → <c>glorot_uniform</c>, <c>Conv2D</c> → <c>conv2d</c>.
    /// </summary>
    public static string ToSnakeCase(string name)
    {
        var letters = new StringBuilder();
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c) || c == '_')
            {
                letters.Append(c);
            }
        }

        var s = letters.ToString();

        // Pass 1: "(.)([A-Z][a-z]+)" → "\1_\2"; pass 2: "([a-z])([A-Z])" → "\1_\2" (Keras' two regular expressions).
        var first = new StringBuilder();
        for (var i = 0; i < s.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterUpper(s[i]) && i + 1 < s.Length && char.IsAsciiLetterLower(s[i + 1]))
            {
                first.Append('_');
            }

            first.Append(s[i]);
        }

        var second = new StringBuilder();
        var t = first.ToString();
        for (var i = 0; i < t.Length; i++)
        {
            if (i > 0 && char.IsAsciiLetterLower(t[i - 1]) && char.IsAsciiLetterUpper(t[i]))
            {
                second.Append('_');
            }

            second.Append(t[i]);
        }

        return second.ToString().ToLowerInvariant();
    }

    /// <summary>
    /// The key of each layer in <c>model.weights.h5</c>'s <c>layers</c> group: Keras names the entries of a layer list
    /// by class, not by layer name (which is not reproducible), made unique by <c>_1</c>, <c>_2</c>, … in order.
    /// </summary>
    public static IReadOnlyList<string> WeightKeys(IEnumerable<string> classNames)
    {
        var used = new Dictionary<string, int>(StringComparer.Ordinal);
        var keys = new List<string>();
        foreach (var className in classNames)
        {
            var name = ToSnakeCase(className);
            if (used.TryGetValue(name, out var count))
            {
                used[name] = ++count;
                keys.Add($"{name}_{count}");
            }
            else
            {
                used[name] = 0;
                keys.Add(name);
            }
        }

        return keys;
    }
}
