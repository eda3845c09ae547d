using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// <see cref="Differentiator.Names(CodeStmt)"/> as a set, computed once per statement object for the life of one
/// peephole pass: the passes ask, for each candidate, whether every later statement of the block mentions a name,
/// which recomputed the same statements' names once per candidate. Keyed by reference (records compare by value,
/// which would walk the whole statement on every lookup).
/// </summary>
internal sealed class StatementNames
{
    private readonly Dictionary<CodeStmt, HashSet<string>> sets = new(ReferenceComparer.Instance);

    public bool Mentions(CodeStmt statement, string name)
    {
        if (!sets.TryGetValue(statement, out var set))
        {
            set = new HashSet<string>(Differentiator.Names(statement));
            sets.Add(statement, set);
        }

        return set.Contains(name);
    }

    private sealed class ReferenceComparer : IEqualityComparer<CodeStmt>
    {
        public static readonly ReferenceComparer Instance = new();

        public bool Equals(CodeStmt? x, CodeStmt? y) => ReferenceEquals(x, y);

        public int GetHashCode(CodeStmt obj) => RuntimeHelpers.GetHashCode(obj);
    }
}
