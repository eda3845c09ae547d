using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Parsing;

/// <summary>Which variables an expression of the statement model reads.</summary>
internal static class ExprReads
{
    /// <summary>Whether <paramref name="expression"/> may read any of <paramref name="ids"/> (true when it cannot tell).</summary>
    public static bool Any(ExprModel expression, IEnumerable<string> ids)
    {
        var set = new HashSet<string>(ids);
        return Reads(expression, set);
    }

    private static bool Reads(ExprModel? expression, HashSet<string> ids) => expression switch
    {
        null or LiteralExpr or OpaqueExpr => false,
        VariableExpr v => ids.Contains(v.Id),
        BinaryExpr b => Reads(b.Left, ids) || Reads(b.Right, ids),
        UnaryExpr u => Reads(u.Operand, ids),
        ConvertExpr c => Reads(c.Operand, ids),
        ConditionalExpr c => Reads(c.Condition, ids) || Reads(c.WhenTrue, ids) || Reads(c.WhenFalse, ids),
        MathCallExpr m => m.Arguments.Any(a => Reads(a, ids)),
        PassiveCallExpr p => p.Arguments.Any(a => Reads(a, ids)),
        DifferentiableCallExpr d => d.Arguments.Any(a => Reads(a, ids)) || Reads(d.Receiver, ids),
        ElementExpr e => ids.Contains(e.ArrayId) || Reads(e.Index, ids) || Reads(e.Row, ids),
        LengthExpr l => ids.Contains(l.ArrayId) || Reads(l.Row, ids),
        SliceExpr s => ids.Contains(s.ArrayId) || Reads(s.Start, ids) || Reads(s.Length, ids),
        TemplateExpr t => t.Holes.Any(h => Reads(h, ids)),
        ThrowExpr t => Reads(t.Exception, ids),
        _ => true,
    };
}
