using System.Collections.Generic;
using System.Linq;

namespace DiffGen.Generator.Reverse;

/// <summary>Questions the later stages ask of the derivative code's statements, answered in one place.</summary>
internal static class AdjointQueries
{
    /// <summary>Whether the statements are declarations, assignments and comments only, possibly inside <c>if</c>s.</summary>
    public static bool IsStraightLine(IEnumerable<CodeStmt> statements)
        => statements.All(s => s switch
        {
            DeclareCode or AssignCode or CommentCode => true,
            IfCode branch => IsStraightLine(branch.Then) && IsStraightLine(branch.Else),
            _ => false,
        });

    /// <summary>Every declaration among the statements, those inside <c>if</c>s included.</summary>
    public static IEnumerable<DeclareCode> Declarations(IEnumerable<CodeStmt> statements)
        => statements.SelectMany(s => s switch
        {
            DeclareCode declare => new[] { declare },
            IfCode branch => Declarations(branch.Then).Concat(Declarations(branch.Else)),
            _ => Enumerable.Empty<DeclareCode>(),
        });
}
