using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// Prints code expressions and statements. Parentheses are added exactly where C# precedence needs them; the right
/// operand of a binary operator is parenthesised at equal precedence, so <c>a − (b − c)</c> and <c>a + (b + c)</c> keep
/// the evaluation order the IR holds (floating-point addition is not associative).
/// </summary>
internal static class CodePrinter
{
    private const int Conditional = 1;
    private const int ConditionalOr = 2;
    private const int ConditionalAnd = 3;
    private const int Unary = 13;
    private const int Primary = 14;

    public static string Print(CodeExpr expression) => Print(expression, 0);

    public static void Print(CodeStmt statement, CodeWriter writer)
    {
        switch (statement)
        {
            case DeclareCode declare:
                writer.Line(declare.Value is null
                    ? declare.Type.Name + " " + Identifier.Escape(declare.Name) + ";"
                    : declare.Type.Name + " " + Identifier.Escape(declare.Name) + " = " + Print(declare.Value) + ";");
                break;
            case AssignCode assign:
                writer.Line(Identifier.Escape(assign.Name) + " " + assign.Op + " " + Print(assign.Value) + ";");
                break;
            case ExpressionCode expression:
                writer.Line(Print(expression.Expression) + ";");
                break;
            case ThrowCode thrown:
                writer.Line("throw " + Print(thrown.Exception) + ";");
                break;
            case CommentCode comment:
                writer.Line("// " + comment.Text);
                break;
            case WhileCode loop:
                writer.Open("while (" + Print(loop.Condition) + ")");
                foreach (var inner in loop.Body)
                {
                    Print(inner, writer);
                }

                writer.Close();
                break;
            case ReverseForCode loop:
                writer.Open("for (int " + loop.Counter + " = " + Print(loop.From) + "; " + loop.Counter + " >= 0; " + loop.Counter + "--)");
                foreach (var inner in loop.Body)
                {
                    Print(inner, writer);
                }

                writer.Close();
                break;
            case BreakCode:
                writer.Line("break;");
                break;
            case ElementAssignCode element:
                writer.Line(Identifier.Escape(element.Array) + (element.Row is null ? string.Empty : "[" + Print(element.Row) + "]") + "[" + Print(element.Index) + "] " + element.Op + " " + Print(element.Value) + ";");
                break;
            case IfCode { Then.IsEmpty: true, Else.IsEmpty: false } branch:
                // Only the else branch has work: print it as the if branch of the negated condition.
                Print(new IfCode(new UnaryCode("!", branch.Condition), branch.Else, branch.Then), writer);
                break;
            case IfCode branch:
                writer.Open("if (" + Print(branch.Condition) + ")");
                foreach (var inner in branch.Then)
                {
                    Print(inner, writer);
                }

                if (branch.Else.IsEmpty)
                {
                    writer.Close();
                    break;
                }

                writer.Close();
                writer.Open("else");
                foreach (var inner in branch.Else)
                {
                    Print(inner, writer);
                }

                writer.Close();
                break;
        }
    }

    private static string Print(CodeExpr expression, int context)
    {
        var (text, precedence) = expression switch
        {
            NameCode name => (Identifier.Escape(name.Name), Primary),
            LiteralCode literal => (literal.Text, literal.IsNegative ? Unary : Primary),
            CallCode call => (call.Target + "(" + string.Join(", ", call.Arguments.Select(a => Print(a, 0))) + ")", Primary),
            InstanceCallCode call => (Print(call.Receiver, Primary) + "." + call.Method + "(" + string.Join(", ", call.Arguments.Select(a => Print(a, 0))) + ")", Primary),
            IndexCode index => (Print(index.Array, Primary) + "[" + Print(index.Index, 0) + "]", Primary),
            MemberCode member => (Print(member.Target, Primary) + "." + member.Member, Primary),
            WithCode with => (Print(with.Target, Primary) + " with { " + with.Member + " = " + Print(with.Value, 0) + " }", 0),
            SliceCode slice => (
                (slice.OfArray
                    ? "global::System.MemoryExtensions.AsSpan(" + Print(slice.Array, 0) + ", " + Print(slice.Start, 0) + ", " + Print(slice.Length, 0) + ")"
                    : Print(slice.Array, Primary) + ".Slice(" + Print(slice.Start, 0) + ", " + Print(slice.Length, 0) + ")")
                + (slice.Copied ? ".ToArray()" : string.Empty),
                Primary),
            RefArgumentCode reference => ("ref " + Print(reference.Operand, Primary), Primary),
            OutArgumentCode output => ("out " + (output.Operand is null ? "_" : Print(output.Operand, Primary)), Primary),
            UnaryCode unary => (unary.Op + Print(unary.Operand, Unary + 1), Unary),
            CastCode cast => ("(" + cast.Type + ")" + Print(cast.Operand, Unary + 1), Unary),
            BinaryCode binary => (
                Print(binary.Left, BinaryPrecedence(binary.Op)) + " " + binary.Op + " " + Print(binary.Right, BinaryPrecedence(binary.Op) + 1),
                BinaryPrecedence(binary.Op)),
            ConditionalCode conditional => (
                Print(conditional.Condition, ConditionalOr) + " ? " + Print(conditional.WhenTrue, Conditional) + " : " + Print(conditional.WhenFalse, Conditional),
                Conditional),
            // Passive code copied from the primal: parenthesised unless it stands alone (a statement, a throw).
            TemplateCode template => (PrintTemplate(template), 0),
            _ => throw new System.InvalidOperationException("Unexpected code " + expression.GetType().Name),
        };
        return precedence < context ? "(" + text + ")" : text;
    }

    private static string PrintTemplate(TemplateCode template)
    {
        var text = new System.Text.StringBuilder(template.Parts[0]);
        for (var i = 0; i < template.Holes.Length; i++)
        {
            text.Append(Print(template.Holes[i], Primary)).Append(template.Parts[i + 1]);
        }

        return text.ToString();
    }

    internal static int BinaryPrecedence(string op)
        => op switch
        {
            "*" or "/" or "%" => 12,
            "+" or "-" => 11,
            "<<" or ">>" => 10,
            "<" or ">" or "<=" or ">=" => 9,
            "==" or "!=" => 8,
            "&" => 7,
            "^" => 6,
            "|" => 5,
            "&&" => ConditionalAnd + 1,
            "||" => ConditionalOr + 1,
            _ => ConditionalOr,
        };
}
