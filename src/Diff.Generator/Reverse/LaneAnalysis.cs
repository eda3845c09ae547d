using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Which values of a lifted elementwise op's pullback differ from element to element ("lanes": the element, the seed
/// and everything computed from them) and which are the same for every element ("uniform": the op's constants,
/// literals and what is computed from them alone). A body can run on SIMD lanes when it is straight-line code: a
/// branch on a uniform value stays a branch, and a branch on a lane (a user's <c>x &gt; 0f ? x : 0.1f * x</c> is
/// lowered to one) runs both sides on every lane, each side keeping its assignments to the lanes that take it
/// (<see cref="Emitting.LanePrinter"/>). The lanes are then vectors and the uniform values stay scalars.
/// </summary>
internal static class LaneAnalysis
{
    /// <summary>
    /// The names that hold per-element values, given the names that do on entry; null when the statements cannot run
    /// on lanes (a loop, a call made for its effect).
    /// </summary>
    public static HashSet<string>? LaneNames(IEnumerable<CodeStmt> statements, IEnumerable<string> inputs)
    {
        var lanes = new HashSet<string>(inputs, System.StringComparer.Ordinal);
        var list = statements.ToList();
        if (!AdjointQueries.IsStraightLine(list))
        {
            return null;
        }

        // A value is a lane once anything assigned to it is, or once it is assigned under a branch on a lane (it then
        // differs between the lanes that take the branch and those that do not, even when what is assigned does not);
        // repeat until nothing changes (assignments may come after the uses that make them lanes only in a later pass).
        bool changed;
        do
        {
            changed = false;
            foreach (var (name, value, underLaneBranch) in Assignments(list, lanes, underLaneBranch: false))
            {
                if (!lanes.Contains(name) && (underLaneBranch || IsLane(value, lanes)))
                {
                    lanes.Add(name);
                    changed = true;
                }
            }
        }
        while (changed);

        return lanes;
    }

    /// <summary>Whether <paramref name="expression"/> reads a per-element value.</summary>
    public static bool IsLane(CodeExpr expression, ISet<string> lanes) => IrQueries.Names(expression).Any(lanes.Contains);

    /// <summary>
    /// Every value given to a name, and whether that happens under a branch on a lane. A declaration there does not
    /// count as such: it makes a new variable of the branch's block, which nothing outside reads.
    /// </summary>
    private static IEnumerable<(string Name, CodeExpr Value, bool UnderLaneBranch)> Assignments(IEnumerable<CodeStmt> statements, ISet<string> lanes, bool underLaneBranch)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case DeclareCode { Value: { } value } declare:
                    yield return (declare.Name, value, false);
                    break;
                case AssignCode assign:
                    yield return (assign.Name, assign.Value, underLaneBranch);
                    break;
                case IfCode branch:
                    var inner = underLaneBranch || IsLane(branch.Condition, lanes);
                    foreach (var assignment in Assignments(branch.Then, lanes, inner).Concat(Assignments(branch.Else, lanes, inner)))
                    {
                        yield return assignment;
                    }

                    break;
            }
        }
    }
}
