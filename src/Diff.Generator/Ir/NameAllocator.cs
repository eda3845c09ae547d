using System.Collections.Generic;
using System.Globalization;

namespace DiffGen.Generator.Ir;

/// <summary>
/// Hands out the generated code's local names: deterministic, readable, and never clashing with a user's name.
/// A user's variable keeps its own name for its first definition; later definitions are suffixed (<c>x_1</c>).
/// </summary>
internal sealed class NameAllocator
{
    private readonly HashSet<string> reserved;
    private readonly HashSet<string> signature;
    private readonly HashSet<string> taken = new();
    private readonly Dictionary<string, int> nextSuffix = new();

    /// <param name="userNames">The primal's parameter and local names: only their owners may use them.</param>
    /// <param name="signatureNames">Names the generated signature adds (gradient parameters, the seed): nobody else's.</param>
    public NameAllocator(IEnumerable<string> userNames, IEnumerable<string> signatureNames)
    {
        signature = new HashSet<string>(signatureNames);
        reserved = new HashSet<string>(userNames);
        reserved.UnionWith(signature);
    }

    /// <summary>The owner's own name if it is still free, else the next suffixed version.</summary>
    public string Own(string name) => !signature.Contains(name) && taken.Add(name) ? name : Next(name);

    /// <summary>A fresh version of <paramref name="baseName"/>: <c>base_1</c>, <c>base_2</c>, ...</summary>
    public string Next(string baseName)
    {
        nextSuffix.TryGetValue(baseName, out var k);
        while (true)
        {
            k++;
            var candidate = baseName + "_" + k.ToString(CultureInfo.InvariantCulture);
            if (!reserved.Contains(candidate) && taken.Add(candidate))
            {
                nextSuffix[baseName] = k;
                return candidate;
            }
        }
    }

    /// <summary>A numbered temporary: <c>_t0</c>, <c>_t1</c>, ... (or <c>_c0</c> for conditions).</summary>
    public string Temp(string prefix)
    {
        nextSuffix.TryGetValue(prefix, out var k);
        while (true)
        {
            var candidate = prefix + k.ToString(CultureInfo.InvariantCulture);
            k++;
            if (!reserved.Contains(candidate) && taken.Add(candidate))
            {
                nextSuffix[prefix] = k;
                return candidate;
            }
        }
    }

    /// <summary>A generated name derived from another (e.g. an adjoint), kept unique.</summary>
    public string Derived(string name) => !reserved.Contains(name) && taken.Add(name) ? name : Next(name);
}
