using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using static DiffGen.Generator.Rules.RuleContext;

namespace DiffGen.Generator.Rules;

/// <summary>
/// The derivative rules for System.Math and System.MathF, and for generic math (<c>T.Sin</c> where T is a floating
/// type parameter: the same rules, whose <see cref="RuleContext.Fn"/> and <see cref="RuleContext.Lit"/> then spell
/// <c>T.Cos</c> and <c>T.CreateChecked(0.5d)</c>), one line each, beside the points where the tests check them against
/// finite differences. Conventions at kinks follow DESIGN.md: Abs'(0) = 0; Max/Min pass the seed to the
/// argument the primal returned (ties to the first); Clamp to the argument it returned; Floor, Ceiling, Round,
/// Truncate and Sign have derivative 0. <c>OnLanes</c> says which functions lifted elementwise ops can run on
/// <c>Vector256&lt;float&gt;</c> lanes (see <see cref="MathRule.Lanes"/>).
/// </summary>
internal static class MathRules
{
    public static readonly IReadOnlyList<MathRule> All = new[]
    {
        Unary("Sin", c => c.Fn("Cos", c[0]), 0.3, 1.2, -2.5).OnLanes(LaneSupport.Vector),
        Unary("Cos", c => Code.Negate(c.Fn("Sin", c[0])), 0.3, 1.2, -2.5).OnLanes(LaneSupport.Vector),
        Unary("Tan", c => Add(c.Lit(1), Mul(c.Value, c.Value)), 0.3, 1.2, -2.5),
        Unary("Asin", c => Div(c.Lit(1), c.Fn("Sqrt", Sub(c.Lit(1), Mul(c[0], c[0])))), -0.7, 0.2, 0.9),
        Unary("Acos", c => Div(c.Lit(-1), c.Fn("Sqrt", Sub(c.Lit(1), Mul(c[0], c[0])))), -0.7, 0.2, 0.9),
        Unary("Atan", c => Div(c.Lit(1), Add(c.Lit(1), Mul(c[0], c[0]))), -3, 0.4, 2),
        Binary(
            "Atan2",
            (c, i) => i == 0
                ? Div(c[1], Add(Mul(c[0], c[0]), Mul(c[1], c[1])))
                : Div(Code.Negate(c[0]), Add(Mul(c[0], c[0]), Mul(c[1], c[1]))),
            new[] { 1.0, 2.0 }, new[] { -0.5, 1.5 }, new[] { 2.0, -1.0 }),
        Unary("Sinh", c => c.Fn("Cosh", c[0]), -1.5, 0.3, 2),
        Unary("Cosh", c => c.Fn("Sinh", c[0]), -1.5, 0.3, 2),
        Unary("Tanh", c => Sub(c.Lit(1), Mul(c.Value, c.Value)), -1.5, 0.3, 2).OnLanes(LaneSupport.Runtime),
        Unary("Asinh", c => Div(c.Lit(1), c.Fn("Sqrt", Add(Mul(c[0], c[0]), c.Lit(1)))), -2, 0.3, 3),
        Unary("Acosh", c => Div(c.Lit(1), c.Fn("Sqrt", Sub(Mul(c[0], c[0]), c.Lit(1)))), 1.2, 2, 5),
        Unary("Atanh", c => Div(c.Lit(1), Sub(c.Lit(1), Mul(c[0], c[0]))), -0.8, 0.1, 0.6),
        Unary("Exp", c => c.Value, -2, 0.5, 3).OnLanes(LaneSupport.Vector),
        Unary("Log", c => Div(c.Lit(1), c[0]), 0.2, 1.5, 10).OnLanes(LaneSupport.Vector),
        Binary(
            "Log",
            (c, i) => i == 0
                ? Div(c.Lit(1), Mul(c[0], c.Fn("Log", c[1])))
                : Div(Code.Negate(c.Value), Mul(c[1], c.Fn("Log", c[1]))),
            new[] { 3.0, 2.0 }, new[] { 0.5, 10.0 }, new[] { 7.0, 0.3 }),
        Unary("Log10", c => Div(c.Lit(1), Mul(c[0], c.Lit(System.Math.Log(10)))), 0.2, 1.5, 10),
        Unary("Log2", c => Div(c.Lit(1), Mul(c[0], c.Lit(System.Math.Log(2)))), 0.2, 1.5, 10).OnLanes(LaneSupport.Vector),
        Binary("Pow", PowPartial, new[] { 1.3, 2.1 }, new[] { 0.7, -1.5 }, new[] { 2.5, 0.5 }),
        Unary("Sqrt", c => Div(c.Lit(0.5), c.Value), 0.2, 1.5, 10).OnLanes(LaneSupport.Vector),
        Unary("Cbrt", c => Div(c.Lit(1), Mul(Mul(c.Lit(3), c.Value), c.Value)), -2, 0.4, 9),
        Unary(
            "Abs",
            c => Code.Conditional(Cmp(">", c[0], c.Lit(0)), c.Lit(1), Code.Conditional(Cmp("<", c[0], c.Lit(0)), c.Lit(-1), c.Lit(0))),
            -2, 0.4, 3).OnLanes(LaneSupport.Vector),
        Binary(
            "Max",
            (c, i) => c.SameArguments(0, 1) ? (i == 0 ? c.Lit(1) : null) // Max(x, x): a tie, to the first (and no x >= x in the code)
                : i == 0
                ? Code.Conditional(Cmp(">=", c[0], c[1]), c.Lit(1), c.Lit(0))
                : Code.Conditional(Cmp(">=", c[0], c[1]), c.Lit(0), c.Lit(1)),
            new[] { 1.0, 2.0 }, new[] { 3.0, 2.0 }, new[] { -1.0, -4.0 }).OnLanes(LaneSupport.Vector),
        Binary(
            "Min",
            (c, i) => c.SameArguments(0, 1) ? (i == 0 ? c.Lit(1) : null)
                : i == 0
                ? Code.Conditional(Cmp("<=", c[0], c[1]), c.Lit(1), c.Lit(0))
                : Code.Conditional(Cmp("<=", c[0], c[1]), c.Lit(0), c.Lit(1)),
            new[] { 1.0, 2.0 }, new[] { 3.0, 2.0 }, new[] { -1.0, -4.0 }).OnLanes(LaneSupport.Vector),
        new MathRule("Clamp", 3, ClampPartial, new[] { 0.5, 0.0, 1.0 }, new[] { -1.0, 0.0, 1.0 }, new[] { 3.0, 0.0, 1.0 }),
        new MathRule(
            "FusedMultiplyAdd",
            3,
            (c, i) => i switch { 0 => c[1], 1 => c[0], _ => c.Lit(1) },
            new[] { 1.5, -2.0, 0.5 }, new[] { 0.3, 0.7, -1.0 }, new[] { -2.0, 3.0, 4.0 }).OnLanes(LaneSupport.Vector),
        Binary(
            "CopySign",
            // |x| with y's sign: ±1 in x (0 at x = 0, as Abs), nothing in y.
            (c, i) => i == 0
                ? Code.Conditional(Cmp(">", c[0], c.Lit(0)), c.Fn("CopySign", c.Lit(1), c[1]), Code.Conditional(Cmp("<", c[0], c.Lit(0)), Code.Negate(c.Fn("CopySign", c.Lit(1), c[1])), c.Lit(0)))
                : null,
            new[] { 1.5, -2.0 }, new[] { -0.7, 3.0 }, new[] { 2.0, 1.0 }),
        // √(x² + y²): ∂/∂x = x / hypot, taken as 0 at the origin (the kink, as Abs'(0) = 0).
        new MathRule(
            "Hypot",
            2,
            (c, i) => Code.Conditional(Cmp("==", c.Value, c.Lit(0)), c.Lit(0), Div(c[i], c.Value)),
            new[] { 3.0, 4.0 }, new[] { -1.5, 2.0 }, new[] { 0.5, -0.2 }) { OnFloatingType = true },
        // x · 2ⁿ, n an integer: ∂/∂x = 2ⁿ, computed exactly as ScaleB(1, n).
        new MathRule(
            "ScaleB",
            2,
            (c, i) => i == 0 ? c.Fn("ScaleB", c.Lit(1), c[1]) : null,
            new[] { 1.5, 3.0 }, new[] { -0.7, -2.0 }, new[] { 2.0, 0.0 }) { IntegerArguments = ImmutableArray.Create(1) },
        // Functions that only double, float and generic math have (double.Exp2, float.Exp2, T.Exp2): no Math twin.
        OnFloatingType("Exp2", c => Mul(c.Value, c.Lit(System.Math.Log(2))), -2, 0.5, 3),
        OnFloatingType("Exp10", c => Mul(c.Value, c.Lit(System.Math.Log(10))), -1, 0.3, 1.5),
        OnFloatingType("ExpM1", c => Add(c.Value, c.Lit(1)), -2, 0.5, 3),
        OnFloatingType("LogP1", c => Div(c.Lit(1), Add(c.Lit(1), c[0])), -0.5, 0.2, 9),
        OnFloatingType("Log2P1", c => Div(c.Lit(1), Mul(Add(c.Lit(1), c[0]), c.Lit(System.Math.Log(2)))), -0.5, 0.2, 9),
        OnFloatingType("SinPi", c => Mul(c.Lit(System.Math.PI), c.FloatingFn("CosPi", c[0])), 0.3, 1.2, -2.45),
        OnFloatingType("CosPi", c => Code.Negate(Mul(c.Lit(System.Math.PI), c.FloatingFn("SinPi", c[0]))), 0.3, 1.2, -2.45),
        Unary("BitIncrement", c => c.Lit(1), 0.3, -1.7, 25),
        Unary("BitDecrement", c => c.Lit(1), 0.3, -1.7, 25),
        Constant("Floor", 1, 0.3, 1.7, -2.2).OnLanes(LaneSupport.Vector),
        Constant("Ceiling", 1, 0.3, 1.7, -2.2).OnLanes(LaneSupport.Vector),
        Constant("Truncate", 1, 0.3, 1.7, -2.2).OnLanes(LaneSupport.Vector),
        Constant("Round", 1, 0.3, 1.7, -2.2).OnLanes(LaneSupport.Vector),
        Constant("Round", 2),
        Constant("Round", 3),
        Constant("Sign", 1),
    };

    private static readonly Dictionary<(string, int), MathRule> ByNameAndArity = All.ToDictionary(r => (r.Name, r.Arity));

    public static MathRule? Find(string name, int arity) => ByNameAndArity.TryGetValue((name, arity), out var rule) ? rule : null;

    // d/da a^b = b·a^(b−1) (folded for the constant exponents 0, 1 and 2); d/db a^b = a^b·ln a, taken as 0 where
    // a^b = 0 so that Pow(0, b) does not turn 0·(−∞) into NaN.
    private static CodeExpr? PowPartial(RuleContext c, int i)
    {
        if (i == 0)
        {
            return c.Constant(1) switch
            {
                0.0 => null,
                1.0 => c.Lit(1),
                2.0 => Mul(c.Lit(2), c[0]),
                double b => Mul(c.Lit(b), c.Fn("Pow", c[0], c.Lit(b - 1))),
                null => Mul(c[1], c.Fn("Pow", c[0], Sub(c[1], c.Lit(1)))),
            };
        }

        return Code.Conditional(Cmp("==", c.Value, c.Lit(0)), c.Lit(0), Mul(c.Value, c.Fn("Log", c[0])));
    }

    // Math.Clamp(x, lo, hi) returns lo when x < lo, else hi when x > hi, else x: the seed goes to that argument.
    private static CodeExpr? ClampPartial(RuleContext c, int i)
    {
        var below = Cmp("<", c[0], c[1]);
        var above = Cmp(">", c[0], c[2]);
        return i switch
        {
            0 => Code.Conditional(below, c.Lit(0), Code.Conditional(above, c.Lit(0), c.Lit(1))),
            1 => Code.Conditional(below, c.Lit(1), c.Lit(0)),
            _ => Code.Conditional(below, c.Lit(0), Code.Conditional(above, c.Lit(1), c.Lit(0))),
        };
    }

    private static MathRule Unary(string name, System.Func<RuleContext, CodeExpr> derivative, params double[] points)
        => new(name, 1, (c, _) => derivative(c), points.Select(p => new[] { p }).ToArray());

    private static MathRule OnFloatingType(string name, System.Func<RuleContext, CodeExpr> derivative, params double[] points)
        => new(name, 1, (c, _) => derivative(c), points.Select(p => new[] { p }).ToArray()) { OnFloatingType = true };

    private static MathRule Binary(string name, System.Func<RuleContext, int, CodeExpr?> partial, params double[][] points)
        => new(name, 2, partial, points);

    private static MathRule Constant(string name, int arity, params double[] points)
        => new(name, arity, (_, _) => null, points.Select(p => new[] { p }).ToArray()) { IsPiecewiseConstant = true };
}
