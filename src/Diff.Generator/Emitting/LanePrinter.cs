using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// Prints straight-line derivative code over SIMD lanes: every per-element value (see <see cref="LaneAnalysis"/>) a
/// <c>Vector256&lt;float&gt;</c> of eight elements, every uniform value the scalar it was, broadcast where it meets a
/// lane. Arithmetic keeps its operators and its order; the math functions become <c>Vector256</c>'s; a conditional on
/// lanes becomes <c>Vector256.ConditionalSelect</c> of both branches (pure expressions, so evaluating both changes
/// nothing but the cost). An <c>if</c> on lanes — what a user's <c>x &gt; 0f ? x : 0.1f * x</c> is lowered to — runs both
/// of its blocks on every lane, and each assignment in them keeps its new value only in the lanes whose elements take
/// that block (<c>name = ConditionalSelect(mask, new, name)</c>): in every lane the same values as the scalar code, as
/// the statements are assignments of pure expressions to locals. A per-element <c>bool</c> is a mask (all bits set
/// where true). <c>MathF.Tanh</c>, which <c>Vector256</c> lacks, calls the runtime's <c>LaneMath.Tanh</c>. Anything else — a cast or a double on a lane, a function <c>Vector256</c> lacks — makes
/// <see cref="TryPrint"/> give up, and the op keeps its one-element-at-a-time loop.
/// </summary>
internal sealed class LanePrinter
{
    public const string Vector = "global::System.Runtime.Intrinsics.Vector256";

    public const string LaneType = Vector + "<float>";

    private const string MathF = "global::System.MathF.";

    private const int Unary = 13;
    private const int Primary = 14;

    private readonly ISet<string> _lanes;
    private readonly IReadOnlyDictionary<string, TypeRef> _types;
    private bool _failed;

    /// <summary>Inside a branch on lanes: the local holding the mask of the lanes that take it; null outside.</summary>
    private string? _mask;

    private int _masks;

    private LanePrinter(ISet<string> lanes, IReadOnlyDictionary<string, TypeRef> types)
    {
        _lanes = lanes;
        _types = types;
    }

    /// <summary>
    /// Prints <paramref name="statements"/> then <c>return <paramref name="result"/>;</c> (as a lane) into
    /// <paramref name="writer"/>, or returns false, having written nothing, when something cannot run on lanes.
    /// </summary>
    /// <param name="types">The types of the parameters and constants the statements read (locals are declared in them).</param>
    public static bool TryPrint(IEnumerable<CodeStmt> statements, CodeExpr result, ISet<string> lanes, IReadOnlyDictionary<string, TypeRef> types, CodeWriter writer)
    {
        var list = statements.ToList();
        var known = new Dictionary<string, TypeRef>(types.ToDictionary(t => t.Key, t => t.Value), System.StringComparer.Ordinal);
        foreach (var declare in AdjointQueries.Declarations(list))
        {
            known[declare.Name] = declare.Type;
        }

        var printer = new LanePrinter(lanes, known);
        var body = new CodeWriter();
        printer.Statements(list, body);
        var value = printer.Lane(result);
        if (printer._failed)
        {
            return false;
        }

        writer.Lines(body.ToString());
        writer.Line("return " + value + ";");
        return true;
    }

    private void Statements(IEnumerable<CodeStmt> statements, CodeWriter writer)
    {
        foreach (var statement in statements)
        {
            switch (statement)
            {
                case DeclareCode declare when _lanes.Contains(declare.Name):
                    if (declare.Type.Kind is not (ValueKind.Float or ValueKind.Bool))
                    {
                        _failed = true;
                        return;
                    }

                    // Zero (all false) when declared without a value: an assignment under a mask reads the old value.
                    writer.Line(declare.Value is null
                        ? LaneType + " " + Identifier.Escape(declare.Name) + " = " + LaneType + ".Zero;"
                        : "var " + Identifier.Escape(declare.Name) + " = " + LaneValue(declare.Name, declare.Value) + ";");
                    break;
                case AssignCode assign when _lanes.Contains(assign.Name):
                    Assign(assign, writer);
                    break;
                case AssignCode when _mask is not null:
                    // A uniform variable assigned under a branch on lanes is a lane (LaneAnalysis): not reached.
                    _failed = true;
                    return;
                case DeclareCode or AssignCode or CommentCode:
                    CodePrinter.Print(statement, writer);
                    break;
                case IfCode branch when !LaneAnalysis.IsLane(branch.Condition, _lanes):
                    writer.Open("if (" + CodePrinter.Print(branch.Condition) + ")");
                    Statements(branch.Then, writer);
                    writer.Close();
                    if (!branch.Else.IsEmpty)
                    {
                        writer.Open("else");
                        Statements(branch.Else, writer);
                        writer.Close();
                    }

                    break;
                case IfCode branch:
                    BranchOnLanes(branch, writer);
                    break;
                default:
                    _failed = true;
                    return;
            }
        }
    }

    /// <summary>
    /// <c>name op= value</c> on lanes; inside a branch on lanes, only in the lanes that take it: the others keep the
    /// value they had, as the scalar code, which did not run the assignment for their elements, does.
    /// </summary>
    private void Assign(AssignCode assign, CodeWriter writer)
    {
        var name = Identifier.Escape(assign.Name);
        if (_mask is null)
        {
            writer.Line(name + " " + assign.Op + " " + LaneValue(assign.Name, assign.Value) + ";");
            return;
        }

        var value = assign.Op switch
        {
            "=" => LaneValue(assign.Name, assign.Value),
            "+=" or "-=" or "*=" or "/=" when !IsMask(assign.Name) => Lane(new BinaryCode(assign.Op.Substring(0, 1), new NameCode(assign.Name), assign.Value)),
            _ => Fail(),
        };
        writer.Line(name + " = " + Vector + ".ConditionalSelect(" + _mask + ", " + value + ", " + name + ");");
    }

    /// <summary>
    /// An <c>if</c> on lanes: both blocks run on every lane, each under the mask of the lanes that take it (nested
    /// in the mask of the branch around it, if any). The blocks stay blocks, so their declarations keep their scope.
    /// </summary>
    private void BranchOnLanes(IfCode branch, CodeWriter writer)
    {
        var condition = MaskLocal(Mask(branch.Condition), writer);
        var outer = _mask;
        _mask = outer is null ? condition : MaskLocal(outer + " & " + condition, writer);
        writer.Open("// if (" + CodePrinter.Print(branch.Condition) + "), on every lane: each block keeps its assignments to the lanes that take it.");
        Statements(branch.Then, writer);
        writer.Close();
        if (!branch.Else.IsEmpty)
        {
            _mask = MaskLocal(outer is null ? "~" + condition : Vector + ".AndNot(" + outer + ", " + condition + ")", writer);
            writer.Open("// else");
            Statements(branch.Else, writer);
            writer.Close();
        }

        _mask = outer;
    }

    /// <summary>The mask itself when it is already a name, else a new local holding it (computed once, read per assignment).</summary>
    private string MaskLocal(string mask, CodeWriter writer)
    {
        if (mask.Length > 0 && mask.All(c => char.IsLetterOrDigit(c) || c is '_' or '@'))
        {
            return mask;
        }

        string name;
        do
        {
            name = "_mask" + _masks++;
        }
        while (_types.ContainsKey(name) || _lanes.Contains(name));

        writer.Line("var " + name + " = " + mask + ";");
        return name;
    }

    /// <summary>A value for the lane variable <paramref name="name"/>: a mask when it is a per-element bool, else a float lane.</summary>
    private string LaneValue(string name, CodeExpr value) => IsMask(name) ? Mask(value) : Lane(value);

    private bool IsMask(string name) => _types.TryGetValue(name, out var type) && type.Kind == ValueKind.Bool;

    /// <summary>The expression as a <c>Vector256&lt;float&gt;</c>.</summary>
    private string Lane(CodeExpr expression) => Lane(expression, 0);

    private string Lane(CodeExpr expression, int context)
    {
        if (!LaneAnalysis.IsLane(expression, _lanes))
        {
            // A uniform value: computed as the scalar it is, then broadcast (C#'s own int → float conversion included).
            return UniformKind(expression) switch
            {
                ValueKind.Float => Vector + ".Create(" + CodePrinter.Print(expression) + ")",
                ValueKind.Integral => Vector + ".Create<float>(" + CodePrinter.Print(expression) + ")",
                _ => Fail(),
            };
        }

        var (text, precedence) = expression switch
        {
            // A per-element bool is a mask, not a number: comparing or computing with its bits would be wrong.
            NameCode name when IsMask(name.Name) => (Fail(), Primary),
            NameCode name => (Identifier.Escape(name.Name), Primary),
            BinaryCode { Op: "+" or "-" or "*" or "/" } binary => (
                Lane(binary.Left, CodePrinter.BinaryPrecedence(binary.Op)) + " " + binary.Op + " " + Lane(binary.Right, CodePrinter.BinaryPrecedence(binary.Op) + 1),
                CodePrinter.BinaryPrecedence(binary.Op)),
            UnaryCode { Op: "-" } unary => ("-" + Lane(unary.Operand, Unary + 1), Unary),
            ConditionalCode conditional when LaneAnalysis.IsLane(conditional.Condition, _lanes) => (
                Vector + ".ConditionalSelect(" + Mask(conditional.Condition) + ", " + Lane(conditional.WhenTrue) + ", " + Lane(conditional.WhenFalse) + ")",
                Primary),
            ConditionalCode conditional => (
                CodePrinter.Print(conditional.Condition) + " ? " + Lane(conditional.WhenTrue) + " : " + Lane(conditional.WhenFalse),
                1),
            // Which functions have lane versions is part of the rule table (MathRule.Lanes), like everything else about them.
            CallCode { Rule.Lanes: LaneSupport.Vector, RuleType.Kind: ValueKind.Float } call => (
                Vector + "." + call.Rule.Name + "(" + string.Join(", ", call.Arguments.Select(Lane)) + ")",
                Primary),
            CallCode { Rule.Lanes: LaneSupport.Runtime, RuleType.Kind: ValueKind.Float } call => (
                "global::DiffGen.Generated.LaneMath." + call.Rule.Name + "(" + string.Join(", ", call.Arguments.Select(Lane)) + ")",
                Primary),
            _ => (Fail(), Primary),
        };
        return precedence < context ? "(" + text + ")" : text;
    }

    /// <summary>A condition on lanes as a mask: all bits set in the lanes where it holds.</summary>
    private string Mask(CodeExpr condition)
        => condition switch
        {
            // A uniform condition (a constant, or the initial false of a per-element bool): the same in every lane.
            LiteralCode { Text: "true" } => LaneType + ".AllBitsSet",
            LiteralCode { Text: "false" } => LaneType + ".Zero",
            _ when !LaneAnalysis.IsLane(condition, _lanes) => UniformKind(condition) == ValueKind.Bool
                ? "(" + CodePrinter.Print(condition) + " ? " + LaneType + ".AllBitsSet : " + LaneType + ".Zero)"
                : Fail(),
            NameCode name when IsMask(name.Name) => Identifier.Escape(name.Name),
            BinaryCode { Op: "<" or "<=" or ">" or ">=" or "==" } comparison => Vector + "." + comparison.Op switch
            {
                "<" => "LessThan",
                "<=" => "LessThanOrEqual",
                ">" => "GreaterThan",
                ">=" => "GreaterThanOrEqual",
                _ => "Equals",
            } + "(" + Lane(comparison.Left) + ", " + Lane(comparison.Right) + ")",
            BinaryCode { Op: "!=" } comparison => "~" + Vector + ".Equals(" + Lane(comparison.Left) + ", " + Lane(comparison.Right) + ")",
            // Both sides on every lane (pure, so no short circuit is needed); a uniform side is an all-or-nothing mask.
            BinaryCode { Op: "&&" or "||" } logical =>
                "(" + Mask(logical.Left) + (logical.Op == "&&" ? " & " : " | ") + Mask(logical.Right) + ")",
            UnaryCode { Op: "!" } not => "~" + Mask(not.Operand),
            _ => Fail(),
        };

    /// <summary>
    /// The type of a uniform expression as C# types it, where that is certain; null otherwise. Only float and integer
    /// values are broadcast to float lanes: a double would have made C# compute the whole expression in double.
    /// </summary>
    private ValueKind? UniformKind(CodeExpr expression)
        => expression switch
        {
            NameCode name when name.Name.StartsWith(MathF, System.StringComparison.Ordinal) => ValueKind.Float,
            NameCode name => _types.TryGetValue(name.Name, out var type) ? type.Kind : null,
            LiteralCode literal => LiteralKind(literal.Text),
            BinaryCode { Op: "+" or "-" or "*" or "/" or "%" } binary => Combine(UniformKind(binary.Left), UniformKind(binary.Right)),
            BinaryCode => ValueKind.Bool,
            UnaryCode { Op: "!" } => ValueKind.Bool,
            UnaryCode unary => UniformKind(unary.Operand),
            CastCode { Type: "float" } => ValueKind.Float,
            CastCode { Type: "double" } => ValueKind.Double,
            CastCode { Type: "int" or "long" or "short" or "byte" } => ValueKind.Integral,
            ConditionalCode conditional => Combine(UniformKind(conditional.WhenTrue), UniformKind(conditional.WhenFalse)),
            CallCode call when call.Target.StartsWith(MathF, System.StringComparison.Ordinal) =>
                call.Target.EndsWith(".Sign", System.StringComparison.Ordinal) || call.Target.EndsWith(".ILogB", System.StringComparison.Ordinal) ? ValueKind.Integral : ValueKind.Float,
            _ => null,
        };

    private static ValueKind? LiteralKind(string text)
    {
        if (text.StartsWith("float.", System.StringComparison.Ordinal) || text.EndsWith("f", System.StringComparison.OrdinalIgnoreCase))
        {
            return ValueKind.Float;
        }

        if (text is "true" or "false")
        {
            return ValueKind.Bool;
        }

        var digits = text.TrimStart('-');
        return digits.Length > 0 && digits.All(char.IsDigit) ? ValueKind.Integral : ValueKind.Double;
    }

    private static ValueKind? Combine(ValueKind? left, ValueKind? right)
        => (left, right) switch
        {
            (null, _) or (_, null) => null,
            (ValueKind.Double, _) or (_, ValueKind.Double) => ValueKind.Double,
            (ValueKind.Float, _) or (_, ValueKind.Float) => ValueKind.Float,
            (ValueKind.Integral, ValueKind.Integral) => ValueKind.Integral,
            _ => null,
        };

    private string Fail()
    {
        _failed = true;
        return string.Empty;
    }
}
