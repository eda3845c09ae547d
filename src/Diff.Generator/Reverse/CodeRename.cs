using System;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;

namespace DiffGen.Generator.Reverse;

/// <summary>Renames locals throughout generated statements (names are unique, so a plain map is safe).</summary>
internal static class CodeRename
{
    public static CodeStmt Rename(CodeStmt statement, Func<string, string> map)
        => statement switch
        {
            DeclareCode d => d with { Name = map(d.Name), Value = d.Value is null ? null : Rename(d.Value, map) },
            AssignCode a => a with { Name = map(a.Name), Value = Rename(a.Value, map) },
            ElementAssignCode e => e with { Array = map(e.Array), Index = Rename(e.Index, map), Value = Rename(e.Value, map), Row = e.Row is null ? null : Rename(e.Row, map) },
            IfCode i => i with { Condition = Rename(i.Condition, map), Then = Rename(i.Then, map), Else = Rename(i.Else, map) },
            WhileCode w => w with { Condition = Rename(w.Condition, map), Body = Rename(w.Body, map) },
            ReverseForCode r => r with { From = Rename(r.From, map), Body = Rename(r.Body, map) },
            ExpressionCode x => x with { Expression = Rename(x.Expression, map) },
            ThrowCode t => t with { Exception = Rename(t.Exception, map) },
            _ => statement,
        };

    public static ImmutableArray<CodeStmt> Rename(ImmutableArray<CodeStmt> statements, Func<string, string> map)
        => statements.Select(s => Rename(s, map)).ToImmutableArray();

    public static CodeExpr Rename(CodeExpr expression, Func<string, string> map)
        => expression switch
        {
            NameCode n => new NameCode(map(n.Name)),
            BinaryCode b => b with { Left = Rename(b.Left, map), Right = Rename(b.Right, map) },
            UnaryCode u => u with { Operand = Rename(u.Operand, map) },
            CastCode c => c with { Operand = Rename(c.Operand, map) },
            ConditionalCode c => new ConditionalCode(Rename(c.Condition, map), Rename(c.WhenTrue, map), Rename(c.WhenFalse, map)),
            CallCode c => c with { Target = RenameTarget(c.Target, map), Arguments = c.Arguments.Select(a => Rename(a, map)).ToImmutableArray() },
            RefArgumentCode r => new RefArgumentCode(Rename(r.Operand, map)),
            InstanceCallCode c => new InstanceCallCode(Rename(c.Receiver, map), c.Method, c.Arguments.Select(a => Rename(a, map)).ToImmutableArray()),
            OutArgumentCode { Operand: { } o } => new OutArgumentCode(Rename(o, map)),
            IndexCode i => new IndexCode(Rename(i.Array, map), Rename(i.Index, map)),
            MemberCode m => m with { Target = Rename(m.Target, map) },
            WithCode w => w with { Target = Rename(w.Target, map), Value = Rename(w.Value, map) },
            SliceCode s => s with { Array = Rename(s.Array, map), Start = Rename(s.Start, map), Length = Rename(s.Length, map) },
            TemplateCode t => new TemplateCode(t.Parts, t.Holes.Select(h => Rename(h, map)).ToImmutableArray()),
            _ => expression,
        };

    /// <summary>A call target may be a member of a local (<c>_d_w.Clear</c>): rename the local part.</summary>
    private static string RenameTarget(string target, Func<string, string> map)
    {
        var dot = target.IndexOf('.');
        return dot > 0 && !target.StartsWith("global::", StringComparison.Ordinal) ? map(target.Substring(0, dot)) + target.Substring(dot) : target;
    }
}
