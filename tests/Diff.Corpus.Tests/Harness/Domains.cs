using System.Globalization;

namespace DiffGen.Corpus.Tests.Harness;

/// <summary>
/// Per-method domain overrides for when the automatic choice of points fails or is poor. One line per method:
/// <c>Type.Method  param=v1,v2,v3  other=...</c>; for a real or integer parameter the values are used in turn (point
/// k takes value k mod n), for an array parameter the list is the array; <c>fd=off  # reason</c> turns the
/// finite-difference comparison off for the method (values and Pullback are still checked). '#' starts a comment.
/// </summary>
public sealed class Domains
{
    private readonly Dictionary<string, Dictionary<string, double[]>> byMethod = new(StringComparer.Ordinal);

    public static Domains Empty { get; } = new();

    public static Domains Parse(string text)
    {
        var domains = new Domains();
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var comment = "";
            var hash = line.IndexOf('#');
            if (hash > 0)
            {
                comment = line[(hash + 1)..].Trim();
                line = line[..hash].Trim();
            }

            var parts = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            var parameters = new Dictionary<string, double[]>(StringComparer.Ordinal);
            foreach (var part in parts.Skip(1))
            {
                var eq = part.IndexOf('=');
                if (eq <= 0)
                {
                    throw new FormatException($"corpus-domains.txt: '{part}' in '{line}' is not param=v1,v2,...");
                }

                if (part == "fd=off")
                {
                    domains.noFiniteDifferences[parts[0]] = comment.Length > 0 ? comment : "finite differences off for this method";
                    continue;
                }

                parameters[part[..eq]] = part[(eq + 1)..].Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
            }

            domains.byMethod[parts[0]] = parameters;
        }

        return domains;
    }

    private readonly Dictionary<string, string> noFiniteDifferences = new(StringComparer.Ordinal);

    /// <summary>
    /// Why finite differences do not judge this method (<c>fd=off  # reason</c>), or null. For algorithms whose
    /// program derivative differs from the derivative of the function they approximate (bisection, golden section:
    /// the branch sequence carries the answer), so the generated gradient is right and FD is not its reference.
    /// </summary>
    public string? FiniteDifferencesOff(string type, string method)
        => noFiniteDifferences.TryGetValue($"{type}.{method}", out var why) ? why : null;

    public IReadOnlyDictionary<string, double[]>? For(string type, string method)
        => byMethod.TryGetValue($"{type}.{method}", out var d) ? d : null;

    public int Count => byMethod.Count;
}
