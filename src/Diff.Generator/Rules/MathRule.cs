using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Rules;

/// <summary>
/// The derivative of one Math/MathF function: for each argument, the partial derivative as an expression of the
/// arguments and of the value the forward sweep already computed (so <c>exp'</c> reuses <c>exp</c>, <c>tanh'</c> is
/// <c>1 − t²</c>). A null partial means "zero" (piecewise-constant functions, integer arguments).
/// </summary>
internal sealed class MathRule
{
    public MathRule(string name, int arity, Func<RuleContext, int, CodeExpr?> partial, params double[][] testPoints)
    {
        Name = name;
        Arity = arity;
        Partial = partial;
        TestPoints = testPoints.ToImmutableArray();
    }

    public string Name { get; }

    public int Arity { get; }

    /// <summary>∂f/∂argument[i], or null when it is zero everywhere it is defined.</summary>
    public Func<RuleContext, int, CodeExpr?> Partial { get; }

    /// <summary>Points inside the function's domain, away from kinks, where tests compare the rule with finite differences.</summary>
    public ImmutableArray<double[]> TestPoints { get; }

    /// <summary>True for Floor, Round and the like: the value is computed, nothing flows back.</summary>
    public bool IsPiecewiseConstant { get; init; }

    /// <summary>Spelled on the floating-point type (<c>double.Hypot</c>, <c>float.Hypot</c>), which Math and MathF lack.</summary>
    public bool OnFloatingType { get; init; }

    /// <summary>The arguments of integer type (<c>Math.ScaleB(x, n)</c>'s n): passive, no partial.</summary>
    public ImmutableArray<int> IntegerArguments { get; init; } = ImmutableArray<int>.Empty;

    /// <summary>
    /// How the function runs on <c>Vector256&lt;float&gt;</c> lanes (lifted elementwise ops): <see cref="LaneSupport.Vector"/>
    /// when <c>Vector256</c> has it under the same name with the same IEEE semantics, <see cref="LaneSupport.Runtime"/>
    /// when the runtime's <c>DiffGen.Generated.LaneMath</c> has it, else not at all (the op runs element by element).
    /// </summary>
    public LaneSupport Lanes { get; private set; }

    /// <summary>Marks, in the table, where the rule's function has a lane version (set once, while the table is built).</summary>
    public MathRule OnLanes(LaneSupport lanes)
    {
        Lanes = lanes;
        return this;
    }

    public override string ToString() => Name + "/" + Arity;
}

/// <summary>Where a function's SIMD lane version comes from (see <see cref="MathRule.Lanes"/>).</summary>
internal enum LaneSupport
{
    None,
    Vector,
    Runtime,
}

/// <summary>What a rule's partials are built from: the arguments and the value, as code, in the call's precision.</summary>
internal sealed class RuleContext
{
    public RuleContext(TypeRef type, IReadOnlyList<CodeExpr> arguments, CodeExpr value)
    {
        Type = type;
        Arguments = arguments;
        Value = value;
    }

    /// <summary>double or float: the call's return type, and the precision of every partial.</summary>
    public TypeRef Type { get; }

    public IReadOnlyList<CodeExpr> Arguments { get; }

    public CodeExpr Value { get; }

    public CodeExpr this[int index] => Arguments[index];

    public CodeExpr Lit(double value) => Code.Literal(Type, value);

    /// <summary>Calls a function of Math (double), MathF (float) or the generic type (<c>T.Cos</c>), matching the call's precision.</summary>
    public CodeExpr Fn(string name, params CodeExpr[] arguments)
        => new CallCode(Type.Kind == ValueKind.Generic ? GenericMath.Function(Type, name) : Type.Kind == ValueKind.Float ? "global::System.MathF." + name : "global::System.Math." + name, arguments.ToImmutableArray())
        {
            Rule = MathRules.Find(name, arguments.Length),
            RuleType = Type,
        };

    /// <summary>Calls a function that only the floating-point types have (<c>double.CosPi</c>, <c>float.CosPi</c>, <c>T.CosPi</c>).</summary>
    public CodeExpr FloatingFn(string name, params CodeExpr[] arguments)
        => new CallCode(Type.Kind == ValueKind.Generic ? GenericMath.Function(Type, name) : Type.Kind == ValueKind.Float ? "global::System.Single." + name : "global::System.Double." + name, arguments.ToImmutableArray())
        {
            Rule = MathRules.Find(name, arguments.Length),
            RuleType = Type,
        };

    public static CodeExpr Add(CodeExpr a, CodeExpr b) => Code.Binary("+", a, b);

    public static CodeExpr Sub(CodeExpr a, CodeExpr b) => Code.Binary("-", a, b);

    public static CodeExpr Mul(CodeExpr a, CodeExpr b) => Code.Binary("*", a, b);

    public static CodeExpr Div(CodeExpr a, CodeExpr b) => Code.Binary("/", a, b);

    public static CodeExpr Cmp(string op, CodeExpr a, CodeExpr b) => Code.Binary(op, a, b);

    /// <summary>Whether two arguments are the same expression (<c>Math.Max(x, x)</c>): a comparison of them would be a compiler warning.</summary>
    public bool SameArguments(int first, int second) => Arguments[first] == Arguments[second];

    /// <summary>The constant value of argument <paramref name="index"/>, when it is a literal.</summary>
    public double? Constant(int index) => Arguments[index] is LiteralCode { Value: double v } ? v : null;
}
