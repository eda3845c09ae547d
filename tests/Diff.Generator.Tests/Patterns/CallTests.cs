using DiffGen.Generator.Tests.Infrastructure;
using DiffGen.Generator.Tests.Patterns.Elsewhere;
using static DiffGen.Generator.Tests.Patterns.Elsewhere.ElsewhereMath;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Calls from one [Differentiable] method to another, differentiated through the callee's Pullback: in the same
/// partial type, in another partial type, in a nested partial type, a chain of three, the same variable passed to
/// two active parameters, constants passed to active parameters, and callees with passive parameters.
/// </summary>
public partial class CallTests
{
    // ---- callees in this type -----------------------------------------------------------------------------------

    [Differentiable]
    public static double Square(double x) => x * x;

    [Differentiable]
    public static double Weighted(double a, double b) => a * 3.0 + a * b * b;

    [Differentiable]
    public static double Scaled(double x, int power, bool negate, [NoDerivative] double factor)
    {
        var r = factor * Math.Pow(x, power);
        return negate ? -r : r;
    }

    [Differentiable]
    public static double Level1(double x) => Level2(x * 2.0) + x;

    [Differentiable]
    public static double Level2(double x) => Math.Sin(Level3(x)) * x;

    [Differentiable]
    public static double Level3(double x) => x * x * x - 1.0;

    // ---- callers ------------------------------------------------------------------------------------------------

    [Differentiable]
    public static double CallsSameType(double x, double y) => Square(x) * y + Square(y + 2.0 * x);

    [Differentiable]
    public static double CallsOtherType(double x, double y) => CallHelpers.Cube(x) + CallHelpers.Product(x, y) * x;

    [Differentiable]
    public static double CallsNestedType(double x, double y) => Outer.Inner.Hypot(x, y) * x;

    [Differentiable]
    public static double ChainOfThree(double x) => Level1(x);

    [Differentiable]
    public static double SameVariableTwice(double x) => Weighted(x, x) + CallHelpers.Product(x, x);

    [Differentiable]
    public static double ConstantArguments(double x) => Weighted(x, 2.0) + Weighted(3.0, x) + CallHelpers.Product(0.5, x);

    [Differentiable]
    public static double PassiveCalleeParameters(double x, int n) => Scaled(x, n, true, 0.5) + Scaled(x * x, n + 1, false, 2.0);

    [Differentiable]
    public static double CallResultInConditionAndLocal(double x, double y)
    {
        var s = Square(x - y);
        if (s > 1.0)
        {
            s = s + Weighted(s, y);
        }

        return s > 4.0 ? Square(s) : s * x;
    }

    [Differentiable]
    public static double CallWithNoDerivativeArgument(double x, [NoDerivative] double c) => Weighted(x, c) + Weighted(c, x);

    [Differentiable]
    public static double NamedArguments(double x, double y) => Weighted(b: x, a: y);

    [Differentiable]
    public static double OptionalArgumentsAndOtherNamespace(double x) => ElsewhereMath.Twice(x) + Twice(x, 3.0) + Twice(1.5, x);

    [Differentiable]
    public static double IntArgumentsToActiveParameters(double x, int n) => x * Square(n) + Square(3);

    [Differentiable]
    public static double NestedCalls(double x) => Square(Square(x) + 1.0);

    [Differentiable]
    public static double CallsStructRecordAndInterface(double x, double y)
        => StructHost.Cosine(x) + RecordHost.Shifted(x, y) * IInterfaceHost.Quartic(y);

    [Differentiable]
    public static double Power(double x) => x * x;

    [Differentiable]
    public static float Power(float x) => x * x * x;

    [Differentiable]
    public static double Power(double x, int n) => Math.Pow(x, n);

    [Differentiable]
    public static double CallsDoubleOverloads(double x) => Power(x) + Power(x, 3);

    [Differentiable]
    public static float CallsFloatOverload(float x) => Power(x) * 2f;

    // ---- tests: each callee on its own --------------------------------------------------------------------------

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Callee_in_another_partial_type(double x, double y) =>
        new GradientCheck(
            nameof(CallHelpers.Product), "a b",
            p => CallHelpers.Product(p[0], p[1]),
            (p, d) => CallHelpers.ProductGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CallHelpers.ProductPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [p[1] + Math.Cos(p[0]), p[0]]).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Callee_in_a_nested_partial_type(double x, double y) =>
        new GradientCheck(
            nameof(Outer.Inner.Hypot), "x y",
            p => Outer.Inner.Hypot(p[0], p[1]),
            (p, d) => Outer.Inner.HypotGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => Outer.Inner.HypotPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var r = Math.Sqrt(p[0] * p[0] + p[1] * p[1]);
                return [p[0] / r, p[1] / r];
            }).Check(x, y);

    // ---- tests: callers -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Call_in_the_same_type(double x, double y) =>
        // x²y + (y + 2x)²
        new GradientCheck(
            nameof(CallsSameType), "x y",
            p => CallsSameType(p[0], p[1]),
            (p, d) => CallsSameTypeGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CallsSameTypePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return [2 * a * b + 4 * (b + 2 * a), a * a + 2 * (b + 2 * a)];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Call_into_another_partial_type(double x, double y) =>
        // x³ + (xy + sin x)·x
        new GradientCheck(
            nameof(CallsOtherType), "x y",
            p => CallsOtherType(p[0], p[1]),
            (p, d) => CallsOtherTypeGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CallsOtherTypePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return [3 * a * a + 2 * a * b + Math.Sin(a) + a * Math.Cos(a), a * a];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Call_into_a_nested_partial_type(double x, double y) =>
        // x·√(x² + y²)
        new GradientCheck(
            nameof(CallsNestedType), "x y",
            p => CallsNestedType(p[0], p[1]),
            (p, d) => CallsNestedTypeGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CallsNestedTypePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var r = Math.Sqrt(a * a + b * b);
                return [r + a * a / r, a * b / r];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-0.6)]
    [InlineData(0.55)]
    public void Chain_of_three_calls(double x) =>
        // Level1(x) = Level2(2x) + x; Level2(u) = sin(Level3(u))·u; Level3(u) = u³ − 1
        new GradientCheck(
            nameof(ChainOfThree), "x",
            p => ChainOfThree(p[0]),
            (p, d) => ChainOfThreeGrad(p[0], out d[0]),
            (p, s, d) => ChainOfThreePullback(p[0], s, ref d[0]),
            p =>
            {
                var u = 2 * p[0];
                var l3 = u * u * u - 1;
                var dLevel2 = Math.Cos(l3) * 3 * u * u * u + Math.Sin(l3);
                return [2 * dLevel2 + 1];
            }).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Same_variable_passed_to_two_active_parameters(double x) =>
        // Weighted(x, x) = 3x + x³; Product(x, x) = x² + sin x
        new GradientCheck(
            nameof(SameVariableTwice), "x",
            p => SameVariableTwice(p[0]),
            (p, d) => SameVariableTwiceGrad(p[0], out d[0]),
            (p, s, d) => SameVariableTwicePullback(p[0], s, ref d[0]),
            p => [3 + 3 * p[0] * p[0] + 2 * p[0] + Math.Cos(p[0])]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Constants_passed_to_active_parameters(double x) =>
        // Weighted(x, 2) = 3x + 4x; Weighted(3, x) = 9 + 3x²; Product(0.5, x) = 0.5x + sin 0.5
        new GradientCheck(
            nameof(ConstantArguments), "x",
            p => ConstantArguments(p[0]),
            (p, d) => ConstantArgumentsGrad(p[0], out d[0]),
            (p, s, d) => ConstantArgumentsPullback(p[0], s, ref d[0]),
            p => [7 + 6 * p[0] + 0.5]).Check(x);

    [Theory]
    [InlineData(0.7, 2)]
    [InlineData(-1.3, 3)]
    [InlineData(1.9, -1)]
    public void Callee_with_passive_parameters(double x, int n) =>
        // −0.5·xⁿ + 2·(x²)ⁿ⁺¹
        new GradientCheck(
            nameof(PassiveCalleeParameters), "x",
            p => PassiveCalleeParameters(p[0], n),
            (p, d) => PassiveCalleeParametersGrad(p[0], n, out d[0]),
            (p, s, d) => PassiveCalleeParametersPullback(p[0], n, s, ref d[0]),
            p => [-0.5 * n * Math.Pow(p[0], n - 1) + 2 * (n + 1) * Math.Pow(p[0] * p[0], n) * 2 * p[0]]).Check(x);

    [Theory]
    [InlineData(0.3, 0.1)]   // s ≤ 1: s·x
    [InlineData(-0.5, 0.3)]  // s ≤ 1: s·x
    [InlineData(1.6, 0.1)]   // s > 1: s + Weighted(s, y) > 4, Square(s)
    [InlineData(-2.5, 0.2)]  // s > 1: Square(s)
    public void Call_results_in_conditions_and_locals(double x, double y) =>
        new GradientCheck(
            nameof(CallResultInConditionAndLocal), "x y",
            p => CallResultInConditionAndLocal(p[0], p[1]),
            (p, d) => CallResultInConditionAndLocalGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CallResultInConditionAndLocalPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var s = (a - b) * (a - b);
                double dsA = 2 * (a - b), dsB = -2 * (a - b);
                if (s > 1.0)
                {
                    // s + 3s + s·b²
                    var factor = 4 + b * b;
                    (dsA, dsB) = (factor * dsA, factor * dsB + 2 * s * b);
                    s = s + s * 3.0 + s * b * b;
                }

                return s > 4.0 ? [2 * s * dsA, 2 * s * dsB] : [dsA * a + s, dsB * a];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.5)]
    [InlineData(-1.2, -0.5)]
    [InlineData(2.5, 3.0)]
    public void NoDerivative_value_passed_to_an_active_parameter(double x, double c) =>
        // Weighted(x, c) + Weighted(c, x) = 3x + xc² + 3c + cx²
        new GradientCheck(
            nameof(CallWithNoDerivativeArgument), "x",
            p => CallWithNoDerivativeArgument(p[0], c),
            (p, d) => CallWithNoDerivativeArgumentGrad(p[0], c, out d[0]),
            (p, s, d) => CallWithNoDerivativeArgumentPullback(p[0], c, s, ref d[0]),
            p => [3 + c * c + 2 * c * p[0]]).Check(x);
    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Named_arguments_in_a_different_order(double x, double y) =>
        // Weighted(a: y, b: x) = 3y + y·x²
        new GradientCheck(
            nameof(NamedArguments), "x y",
            p => NamedArguments(p[0], p[1]),
            (p, d) => NamedArgumentsGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => NamedArgumentsPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [2 * p[0] * p[1], 3 + p[0] * p[0]]).Check(x, y);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Optional_arguments_and_callees_in_another_namespace(double x) =>
        // Twice(x) = 2x + sin 2; Twice(x, 3) = 3x + sin 3; Twice(1.5, x) = 1.5x + sin x
        new GradientCheck(
            nameof(OptionalArgumentsAndOtherNamespace), "x",
            p => OptionalArgumentsAndOtherNamespace(p[0]),
            (p, d) => OptionalArgumentsAndOtherNamespaceGrad(p[0], out d[0]),
            (p, s, d) => OptionalArgumentsAndOtherNamespacePullback(p[0], s, ref d[0]),
            p => [2 + 3 + 1.5 + Math.Cos(p[0])]).Check(x);

    [Theory]
    [InlineData(0.3, 2)]
    [InlineData(-1.2, -3)]
    [InlineData(2.5, 0)]
    public void Int_arguments_to_active_callee_parameters(double x, int n) =>
        new GradientCheck(
            nameof(IntArgumentsToActiveParameters), "x",
            p => IntArgumentsToActiveParameters(p[0], n),
            (p, d) => IntArgumentsToActiveParametersGrad(p[0], n, out d[0]),
            (p, s, d) => IntArgumentsToActiveParametersPullback(p[0], n, s, ref d[0]),
            p => [(double)n * n]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Call_result_as_an_argument(double x) =>
        // (x² + 1)²
        new GradientCheck(
            nameof(NestedCalls), "x",
            p => NestedCalls(p[0]),
            (p, d) => NestedCallsGrad(p[0], out d[0]),
            (p, s, d) => NestedCallsPullback(p[0], s, ref d[0]),
            p => [4 * p[0] * (p[0] * p[0] + 1)]).Check(x);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -1.1)]
    public void Calls_into_a_partial_struct_record_and_interface(double x, double y) =>
        // x·cos x + (x − y)(x + 2y)·y⁴
        new GradientCheck(
            nameof(CallsStructRecordAndInterface), "x y",
            p => CallsStructRecordAndInterface(p[0], p[1]),
            (p, d) => CallsStructRecordAndInterfaceGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CallsStructRecordAndInterfacePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var shifted = (a - b) * (a + 2 * b);
                var y4 = b * b * b * b;
                return [Math.Cos(a) - a * Math.Sin(a) + (2 * a + b) * y4, (a - 4 * b) * y4 + shifted * 4 * b * b * b];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -1.1)]
    public void Grad_of_callees_in_a_struct_record_and_interface(double x, double y)
    {
        new GradientCheck(
            nameof(StructHost.Cosine), "x",
            p => StructHost.Cosine(p[0]),
            (p, d) => StructHost.CosineGrad(p[0], out d[0]),
            (p, s, d) => StructHost.CosinePullback(p[0], s, ref d[0]),
            p => [Math.Cos(p[0]) - p[0] * Math.Sin(p[0])]).Check(x);
        new GradientCheck(
            nameof(RecordHost.Shifted), "x y",
            p => RecordHost.Shifted(p[0], p[1]),
            (p, d) => RecordHost.ShiftedGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => RecordHost.ShiftedPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [2 * p[0] + p[1], p[0] - 4 * p[1]]).Check(x, y);
        new GradientCheck(
            nameof(IInterfaceHost.Quartic), "x",
            p => IInterfaceHost.Quartic(p[0]),
            (p, d) => IInterfaceHost.QuarticGrad(p[0], out d[0]),
            (p, s, d) => IInterfaceHost.QuarticPullback(p[0], s, ref d[0]),
            p => [4 * p[0] * p[0] * p[0]]).Check(y);
    }
    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Overloaded_callees(double x)
    {
        new GradientCheck(
            nameof(CallsDoubleOverloads), "x",
            p => CallsDoubleOverloads(p[0]),
            (p, d) => CallsDoubleOverloadsGrad(p[0], out d[0]),
            (p, s, d) => CallsDoubleOverloadsPullback(p[0], s, ref d[0]),
            p => [2 * p[0] + 3 * p[0] * p[0]]).Check(x);
        new FloatGradientCheck(
            nameof(CallsFloatOverload), "x",
            p => CallsFloatOverload(p[0]),
            (p, d) => CallsFloatOverloadGrad(p[0], out d[0]),
            (p, s, d) => CallsFloatOverloadPullback(p[0], s, ref d[0]),
            p => [6 * p[0] * p[0]]).Check((float)x);
    }
    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Outer_and_nested_types_calling_each_other(double x) =>
        // 3x·x + 3x
        new GradientCheck(
            nameof(Outer.CallsInner), "x",
            p => Outer.CallsInner(p[0]),
            (p, d) => Outer.CallsInnerGrad(p[0], out d[0]),
            (p, s, d) => Outer.CallsInnerPullback(p[0], s, ref d[0]),
            p => [6 * p[0] + 3]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Method_of_a_generic_partial_type(double x) =>
        new GradientCheck(
            nameof(GenericHost<int>.Cubic), "x",
            p => GenericHost<int>.Cubic(p[0]),
            (p, d) => GenericHost<string>.CubicGrad(p[0], out d[0]),
            (p, s, d) => GenericHost<double>.CubicPullback(p[0], s, ref d[0]),
            p => [3 * p[0] * p[0] + 2]).Check(x);
}

/// <summary>Callees in another partial type (static, internal to the test assembly).</summary>
internal static partial class CallHelpers
{
    [Differentiable]
    public static double Cube(double x) => x * x * x;

    [Differentiable]
    public static double Product(double a, double b) => a * b + Math.Sin(a);
}

/// <summary>A callee in a nested partial type.</summary>
public partial class Outer
{
    [Differentiable]
    public static double Triple(double x) => 3 * x;

    /// <summary>The outer type calling into its nested type.</summary>
    [Differentiable]
    public static double CallsInner(double x) => Inner.TripleTimesX(x) + Triple(x);

    public partial class Inner
    {
        [Differentiable]
        public static double Hypot(double x, double y) => Math.Sqrt(x * x + y * y);

        /// <summary>The nested type calling its enclosing type's method by its simple name.</summary>
        [Differentiable]
        public static double TripleTimesX(double x) => Triple(x) * x;
    }
}
