using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Forward mode over a straight-line pullback: beside every value that depends on the element x, its derivative
/// with respect to x times a tangent (<c>_tan_v = ∂v/∂x · tangent</c>), so that the pullback's own derivative —
/// the function's second derivative times the seed — comes out of the same statements. Lifted elementwise ops use it
/// to differentiate their backward under a nested tape. Conventions at kinks are the pullback's: a branch condition
/// is held fixed, and piecewise-constant functions contribute nothing.
/// </summary>
internal static class PullbackTangent
{
    private const string Prefix = "_tan_";

    /// <summary>
    /// The name holding the tangent of <paramref name="name"/>; declared by the transformed statements only when
    /// <paramref name="name"/> depends on the element (else its tangent is zero).
    /// </summary>
    public static string TangentName(string name) => Prefix + name;

    /// <summary>
    /// The statements with their tangent statements interleaved, or null when the body is not straight-line code of
    /// assignments (a loop, a call made for its effect, a call to another method) or a tangent name would clash.
    /// </summary>
    /// <param name="element">The differentiated input; its tangent is <paramref name="tangent"/>.</param>
    /// <param name="types">Every name's type (parameters, constants, locals).</param>
    public static ImmutableArray<CodeStmt>? Transform(IReadOnlyList<CodeStmt> statements, string element, string tangent, IReadOnlyDictionary<string, TypeRef> types)
    {
        if (!AdjointQueries.IsStraightLine(statements)
            || types.Keys.Any(n => n.StartsWith(Prefix, System.StringComparison.Ordinal)) || (types.ContainsKey(tangent) && tangent != element))
        {
            return null;
        }

        var transform = new Transformer(Varying(statements, element, types), element, tangent, types);
        var result = transform.Statements(statements);
        return transform.Failed ? null : result;
    }

    /// <summary>
    /// Floating-point names whose value depends on the element (a fixpoint: an assignment may come after a use).
    /// Booleans and integers computed from it (branch conditions) have no derivative.
    /// </summary>
    private static HashSet<string> Varying(IReadOnlyList<CodeStmt> statements, string element, IReadOnlyDictionary<string, TypeRef> types)
    {
        var varying = new HashSet<string>(System.StringComparer.Ordinal) { element };
        var assignments = Assignments(statements).ToList();
        bool changed;
        do
        {
            changed = false;
            foreach (var (name, value) in assignments)
            {
                if (!varying.Contains(name) && types.TryGetValue(name, out var type) && type.IsFloating && IrQueries.Names(value).Any(varying.Contains))
                {
                    varying.Add(name);
                    changed = true;
                }
            }
        }
        while (changed);

        return varying;
    }

    /// <summary>Every value given to a name, inside <c>if</c>s included.</summary>
    private static IEnumerable<(string Name, CodeExpr Value)> Assignments(IEnumerable<CodeStmt> statements)
        => statements.SelectMany(s => s switch
        {
            DeclareCode { Value: { } value } declare => new[] { (declare.Name, value) },
            AssignCode assign => new[] { (assign.Name, assign.Value) },
            IfCode branch => Assignments(branch.Then).Concat(Assignments(branch.Else)),
            _ => Enumerable.Empty<(string, CodeExpr)>(),
        });

    private sealed class Transformer(HashSet<string> varying, string element, string tangent, IReadOnlyDictionary<string, TypeRef> types)
    {
        /// <summary>The declaration whose tangent is being written, when that tangent comes right after it.</summary>
        private DeclareCode? _declared;

        public bool Failed { get; private set; }

        public ImmutableArray<CodeStmt> Statements(IEnumerable<CodeStmt> statements)
        {
            var result = ImmutableArray.CreateBuilder<CodeStmt>();
            foreach (var statement in statements)
            {
                switch (statement)
                {
                    case DeclareCode declare when varying.Contains(declare.Name):
                        // After the declaration: its tangent reads the same values it did, never the new name.
                        result.Add(declare);
                        _declared = declare; // a call's derivative may read the value just declared instead of calling again
                        result.Add(new DeclareCode(declare.Type, TangentName(declare.Name), declare.Value is null ? null : TangentOrZero(declare.Value, declare.Type)));
                        _declared = null;
                        break;
                    case AssignCode assign when varying.Contains(assign.Name):
                        // Before the assignment: its tangent must read the values (and tangents) the assignment reads.
                        var type = TypeOf(assign.Name);
                        if (Tangent(assign.Value) is { } delta)
                        {
                            result.Add(new AssignCode(TangentName(assign.Name), assign.Op, delta));
                        }
                        else if (assign.Op == "=")
                        {
                            result.Add(new AssignCode(TangentName(assign.Name), "=", Code.Literal0(type)));
                        }

                        result.Add(assign);
                        break;
                    case DeclareCode or AssignCode or CommentCode:
                        result.Add(statement);
                        break;
                    case IfCode branch:
                        result.Add(new IfCode(branch.Condition, Statements(branch.Then), Statements(branch.Else)));
                        break;
                    default:
                        Failed = true;
                        break;
                }
            }

            return result.ToImmutable();
        }

        private TypeRef TypeOf(string name)
        {
            if (types.TryGetValue(name, out var type))
            {
                return type;
            }

            Failed = true;
            return TypeRef.Float;
        }

        private CodeExpr TangentOrZero(CodeExpr expression, TypeRef type) => Tangent(expression) ?? Code.Literal0(type);

        /// <summary>∂expression/∂x · tangent, or null when it is zero.</summary>
        private CodeExpr? Tangent(CodeExpr expression)
        {
            switch (expression)
            {
                case NameCode name when name.Name == element:
                    return new NameCode(tangent);
                case NameCode name:
                    return varying.Contains(name.Name) ? new NameCode(TangentName(name.Name)) : null;
                case LiteralCode:
                    return null;
                case BinaryCode { Op: "+" or "-" or "*" or "/" } arithmetic:
                    // The rule table's tangent, the expression itself standing for its value.
                    return ArithmeticRules.Tangent(Arithmetic(arithmetic.Op), arithmetic.Left, arithmetic.Right, Tangent(arithmetic.Left), Tangent(arithmetic.Right), arithmetic, TypeRef.Float);

                case BinaryCode:
                    // Comparisons and logic: booleans, no derivative. Anything else (%, shifts) is not handled.
                    return IsBoolean((BinaryCode)expression) ? null : Fail();
                case UnaryCode { Op: "-" } negation:
                    return Tangent(negation.Operand) is { } inner ? Code.Negate(inner) : null;
                case UnaryCode { Op: "+" } plus:
                    return Tangent(plus.Operand);
                case UnaryCode { Op: "!" }:
                    return null;
                case CastCode cast when cast.Type is "float" or "double":
                    return Tangent(cast.Operand) is { } castTangent ? new CastCode(cast.Type, castTangent) : null;
                case ConditionalCode conditional:
                    {
                        var (whenTrue, whenFalse) = (Tangent(conditional.WhenTrue), Tangent(conditional.WhenFalse));
                        if (whenTrue is null && whenFalse is null)
                        {
                            return null;
                        }

                        var type = ConditionalType(conditional);
                        return Code.Conditional(conditional.Condition, whenTrue ?? Code.Literal0(type), whenFalse ?? Code.Literal0(type));
                    }

                case CallCode call:
                    return CallTangent(call);
                default:
                    return Fail();
            }
        }

        /// <summary>Σ ∂f/∂argᵢ · argᵢ' by the same rules as the reverse sweep, the call itself standing for its value.</summary>
        private CodeExpr? CallTangent(CallCode call)
        {
            if (call.Arguments.All(a => !IrQueries.Names(a).Any(varying.Contains)))
            {
                return null; // a constant (a passive call spelled inline)
            }

            // The call carries its rule: a math call the forward sweep printed, or one a partial spelled.
            if (call is not { Rule: { } rule, RuleType: { } type })
            {
                return Fail();
            }

            if (rule.IsPiecewiseConstant)
            {
                return null;
            }

            var value = _declared is { Value: var declaredValue } && ReferenceEquals(declaredValue, call) ? new NameCode(_declared.Name) : (CodeExpr)call;
            var context = new RuleContext(type, call.Arguments, value);
            CodeExpr? total = null;
            for (var i = 0; i < call.Arguments.Length; i++)
            {
                if (Tangent(call.Arguments[i]) is not { } argumentTangent)
                {
                    continue;
                }

                if (rule.Partial(context, i) is { } partial)
                {
                    total = Sum(total, Code.Scale(argumentTangent, partial, type));
                }
            }

            return total;
        }

        private TypeRef ConditionalType(ConditionalCode conditional)
            => conditional.WhenTrue is NameCode { Name: var n } && types.TryGetValue(n, out var t) ? t
                : conditional.WhenFalse is NameCode { Name: var m } && types.TryGetValue(m, out var u) ? u
                : TypeRef.Float;

        private static BinaryOp Arithmetic(string op) => op switch { "+" => BinaryOp.Add, "-" => BinaryOp.Subtract, "*" => BinaryOp.Multiply, _ => BinaryOp.Divide };

        private static bool IsBoolean(BinaryCode binary) => binary.Op is "<" or "<=" or ">" or ">=" or "==" or "!=" or "&&" or "||";

        private static CodeExpr? Sum(CodeExpr? a, CodeExpr? b) => a is null ? b : b is null ? a : Code.Binary("+", a, b);

        private CodeExpr? Fail()
        {
            Failed = true;
            return null;
        }
    }
}
