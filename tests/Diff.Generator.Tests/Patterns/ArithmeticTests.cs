using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Straight-line arithmetic: method body forms, locals, reassignment, compound assignment, unary operators,
/// parentheses, literals, casts and <c>%</c>. Each pattern is a [Differentiable] method below; its generated
/// Grad/Pullback are checked against central finite differences and the closed-form derivative.
/// </summary>
public partial class ArithmeticTests
{
    // ---- the patterns -------------------------------------------------------------------------------------------

    [Differentiable]
    public static double ExpressionBodied(double x, double y) => x * y + x / y - y;

    [Differentiable]
    public static double BlockBodied(double x, double y)
    {
        return x * x * y - 3.0 * y;
    }

    [Differentiable]
    public static double Locals(double x, double y)
    {
        var a = x * y;
        double b = a + x;
        const double k = 2.5;
        return k * a * b;
    }

    [Differentiable]
    public static double ReassignedLocal(double x)
    {
        var t = x * x;
        t = t * x;
        t = t + Math.Sin(t);
        return t;
    }

    [Differentiable]
    public static double ReassignedParameters(double x, double y)
    {
        x = x * y;
        y = x + y;
        x = x * y;
        return x;
    }

    [Differentiable]
    public static double CompoundAssignments(double x, double y)
    {
        var a = x;
        a += y;
        a *= x;
        a -= y * y;
        a /= y;
        return a;
    }

    [Differentiable]
    public static double CompoundAssignmentsOnParameters(double x, double y)
    {
        x *= x;
        x += y;
        y /= x;
        y -= x;
        return y * 2.0;
    }

    [Differentiable]
    public static double UnaryOperators(double x, double y) => -x * +y - (-(x - y));

    [Differentiable]
    public static double Parentheses(double x, double y) => (x + y) * (x - y) / (1.0 + (x * (y + 2.0)));

    [Differentiable]
    public static double Literals(double x) => 2 * x + 0.5 * x * x - 1e-3 / x + 3f * x + 0x10;

    [Differentiable]
    public static double CastFromInt(double x, int n) => (double)n * x + n * x * x + (float)n - x / n;

    [Differentiable]
    public static double IntegerLocals(double x, int n)
    {
        int m = n * 2 + 1;
        var half = n / 2;
        return x * m - half + x * x * (m % 3);
    }

    [Differentiable]
    public static double DoubleToFloatAndBack(double x)
    {
        float f = (float)x;
        double back = f;
        return back * x + (double)(float)(x * 3.0);
    }

    [Differentiable]
    public static double ModuloOnDoubles(double x, double y) => x % y + 0.5 * x;

    [Differentiable]
    public static double ModuloByConstant(double x) => (x * x) % 1.0 + x;

    private static readonly double Scale = 2.5;

    [Differentiable]
    public static double LiteralPrecision(double x)
        => x * 0.1f + x / 3.0 + 1e-300 * x + 3.14159265358979 * x * x + Math.PI * x + Math.E;

    [Differentiable]
    public static double StaticReadonlyField(double x) => Scale * x * x;

    [Differentiable]
    public static double IncrementDecrement(double x)
    {
        var a = x;
        a++;
        a--;
        a++;
        ++a;
        return a * x;
    }

    [Differentiable]
    public static double DefaultLiteral(double x)
    {
        double r = default;
        r += x;
        return r * x;
    }

    [Differentiable]
    public static double SelfCompound(double x)
    {
        var a = x;
        a += a;
        a *= a;
        return a;
    }

    [Differentiable]
    public static double IntCompound(double x, int n)
    {
        n += 2;
        n *= 3;
        n++;
        return x * n;
    }

    [Differentiable]
    public static double IntCastOfActiveValue(double x) => x * (int)(x * 2);

    [Differentiable]
    public static double SpecialConstants(double x)
        => x * double.Epsilon * 1e300 + Math.Min(x, double.PositiveInfinity) + Math.Max(x, double.MinValue)
           + Math.Tau * x + (x > double.NegativeInfinity ? x : 0) + MathF.PI * x;

    [Differentiable]
    public static double AllIntegerParameterTypes(double x, long l, short s, byte b, uint u, sbyte sb, ulong ul, ushort us)
        => x * l + x * s * b + x * u + sb * x + ul * x + us;

    [Differentiable]
    public static double NegativeLiterals(double x) => x * -2.0 - -3.0 * x + Math.Atan2(-1.0, x) + (-x) * (-(-x)) + x * -0.0;

    // ---- the tests ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Expression_bodied(double x, double y) =>
        new GradientCheck(
            nameof(ExpressionBodied), "x y",
            p => ExpressionBodied(p[0], p[1]),
            (p, d) => ExpressionBodiedGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ExpressionBodiedPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [p[1] + 1 / p[1], p[0] - p[0] / (p[1] * p[1]) - 1]).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Block_bodied(double x, double y) =>
        new GradientCheck(
            nameof(BlockBodied), "x y",
            p => BlockBodied(p[0], p[1]),
            (p, d) => BlockBodiedGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => BlockBodiedPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [2 * p[0] * p[1], p[0] * p[0] - 3]).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Var_typed_and_const_locals(double x, double y) =>
        // 2.5·xy·(xy + x) = 2.5(x²y² + x²y)
        new GradientCheck(
            nameof(Locals), "x y",
            p => Locals(p[0], p[1]),
            (p, d) => LocalsGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => LocalsPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return [2.5 * (2 * a * b * b + 2 * a * b), 2.5 * (2 * a * a * b + a * a)];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.1)]
    [InlineData(1.4)]
    public void Reassigned_local(double x) =>
        // u = x³; u + sin u
        new GradientCheck(
            nameof(ReassignedLocal), "x",
            p => ReassignedLocal(p[0]),
            (p, d) => ReassignedLocalGrad(p[0], out d[0]),
            (p, s, d) => ReassignedLocalPullback(p[0], s, ref d[0]),
            p => [3 * p[0] * p[0] * (1 + Math.Cos(p[0] * p[0] * p[0]))]).Check(x);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Reassigned_parameters(double x, double y) =>
        // xy·(xy + y) = x²y² + xy²
        new GradientCheck(
            nameof(ReassignedParameters), "x y",
            p => ReassignedParameters(p[0], p[1]),
            (p, d) => ReassignedParametersGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ReassignedParametersPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return [2 * a * b * b + b * b, 2 * a * a * b + 2 * a * b];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Compound_assignments_on_a_local(double x, double y) =>
        // ((x + y)x − y²)/y = x²/y + x − y
        new GradientCheck(
            nameof(CompoundAssignments), "x y",
            p => CompoundAssignments(p[0], p[1]),
            (p, d) => CompoundAssignmentsGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CompoundAssignmentsPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return [2 * a / b + 1, -a * a / (b * b) - 1];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, 3.1)]
    public void Compound_assignments_on_parameters(double x, double y) =>
        // 2(y/(x² + y) − x² − y)
        new GradientCheck(
            nameof(CompoundAssignmentsOnParameters), "x y",
            p => CompoundAssignmentsOnParameters(p[0], p[1]),
            (p, d) => CompoundAssignmentsOnParametersGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CompoundAssignmentsOnParametersPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var q = a * a + b;
                return [2 * (-b * 2 * a / (q * q) - 2 * a), 2 * (a * a / (q * q) - 1)];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Unary_minus_and_plus(double x, double y) =>
        // −xy + x − y
        new GradientCheck(
            nameof(UnaryOperators), "x y",
            p => UnaryOperators(p[0], p[1]),
            (p, d) => UnaryOperatorsGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => UnaryOperatorsPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [1 - p[1], -p[0] - 1]).Check(x, y);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -1.1)]
    public void Parenthesised_subexpressions(double x, double y) =>
        new GradientCheck(
            nameof(Parentheses), "x y",
            p => Parentheses(p[0], p[1]),
            (p, d) => ParenthesesGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ParenthesesPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var n = a * a - b * b;
                var q = 1 + a * (b + 2);
                return [(2 * a * q - n * (b + 2)) / (q * q), (-2 * b * q - n * a) / (q * q)];
            }).Check(x, y);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(4.5)]
    public void Int_float_double_and_hex_literals(double x) =>
        new GradientCheck(
            nameof(Literals), "x",
            p => Literals(p[0]),
            (p, d) => LiteralsGrad(p[0], out d[0]),
            (p, s, d) => LiteralsPullback(p[0], s, ref d[0]),
            p => [2 + p[0] + 1e-3 / (p[0] * p[0]) + 3]).Check(x);

    [Theory]
    [InlineData(0.3, 3)]
    [InlineData(-1.2, -2)]
    [InlineData(2.5, 7)]
    public void Casts_from_an_int_parameter(double x, int n) =>
        new GradientCheck(
            nameof(CastFromInt), "x",
            p => CastFromInt(p[0], n),
            (p, d) => CastFromIntGrad(p[0], n, out d[0]),
            (p, s, d) => CastFromIntPullback(p[0], n, s, ref d[0]),
            p => [n + 2.0 * n * p[0] - 1.0 / n]).Check(x);

    [Theory]
    [InlineData(0.3, 3)]
    [InlineData(-1.2, -2)]
    [InlineData(2.5, 4)]
    public void Integer_locals_are_passive(double x, int n) =>
        new GradientCheck(
            nameof(IntegerLocals), "x",
            p => IntegerLocals(p[0], n),
            (p, d) => IntegerLocalsGrad(p[0], n, out d[0]),
            (p, s, d) => IntegerLocalsPullback(p[0], n, s, ref d[0]),
            p => [(n * 2 + 1) + 2 * p[0] * ((n * 2 + 1) % 3)]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Cast_double_to_float_and_back(double x) =>
        // A cast is the identity for the derivative: d/dx [(float)x · x + (float)(3x)] = (float)x + x + 3.
        // Rounding through float makes the primal a staircase at the 1e-7 scale, so the finite difference needs a
        // float-sized step. The closed form is compared at float precision here (the cast rule itself); whether the
        // adjoint keeps double precision is the next test.
        new GradientCheck(
            nameof(DoubleToFloatAndBack), "x",
            p => DoubleToFloatAndBack(p[0]),
            (p, d) => DoubleToFloatAndBackGrad(p[0], out d[0]),
            (p, s, d) => DoubleToFloatAndBackPullback(p[0], s, ref d[0]),
            p => [(double)(float)p[0] + p[0] + 3])
        {
            FiniteDifferenceStep = FiniteDifferences.FloatStep,
            FiniteDifferenceTolerance = FiniteDifferences.FloatTolerance,
            AnalyticTolerance = FiniteDifferences.FloatAnalyticTolerance,
        }.Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Cast_through_float_keeps_a_double_precision_adjoint_in_a_double_method(double x)
    {
        // The method returns double: its derivative (float)x + x + 3 is exactly representable to double precision
        // from the primal's values, so the generated gradient should not be rounded to float on the way.
        DoubleToFloatAndBackGrad(x, out var dx);
        FiniteDifferences.AssertClose(
            nameof(DoubleToFloatAndBack), ["x"], [x], 0, dx, (double)(float)x + x + 3, FiniteDifferences.AnalyticTolerance, expectedLabel: "closed form");
    }

    [Theory]
    [InlineData(5.3, 2.0)]
    [InlineData(-7.4, 3.0)]
    [InlineData(1.3, 0.7)]
    [InlineData(4.1, -1.5)]
    public void Modulo_on_doubles(double x, double y) =>
        // x % y = x − trunc(x/y)·y: ∂/∂x = 1, ∂/∂y = −trunc(x/y)
        new GradientCheck(
            nameof(ModuloOnDoubles), "x y",
            p => ModuloOnDoubles(p[0], p[1]),
            (p, d) => ModuloOnDoublesGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ModuloOnDoublesPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [1.5, -Math.Truncate(p[0] / p[1])]).Check(x, y);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.3)]
    [InlineData(2.2)]
    public void Modulo_by_a_constant(double x) =>
        new GradientCheck(
            nameof(ModuloByConstant), "x",
            p => ModuloByConstant(p[0]),
            (p, d) => ModuloByConstantGrad(p[0], out d[0]),
            (p, s, d) => ModuloByConstantPullback(p[0], s, ref d[0]),
            p => [2 * p[0] + 1]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Literals_keep_their_exact_value(double x) =>
        // 0.1f is (double)0.1f, not 0.1; the value check is bit-for-bit, so a re-printed literal would show.
        new GradientCheck(
            nameof(LiteralPrecision), "x",
            p => LiteralPrecision(p[0]),
            (p, d) => LiteralPrecisionGrad(p[0], out d[0]),
            (p, s, d) => LiteralPrecisionPullback(p[0], s, ref d[0]),
            p => [(double)0.1f + 1 / 3.0 + 1e-300 + 2 * 3.14159265358979 * p[0] + Math.PI]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Static_readonly_field_is_a_constant(double x) =>
        new GradientCheck(
            nameof(StaticReadonlyField), "x",
            p => StaticReadonlyField(p[0]),
            (p, d) => StaticReadonlyFieldGrad(p[0], out d[0]),
            (p, s, d) => StaticReadonlyFieldPullback(p[0], s, ref d[0]),
            p => [2 * Scale * p[0]]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Increment_and_decrement(double x) =>
        // (x + 2)·x
        new GradientCheck(
            nameof(IncrementDecrement), "x",
            p => IncrementDecrement(p[0]),
            (p, d) => IncrementDecrementGrad(p[0], out d[0]),
            (p, s, d) => IncrementDecrementPullback(p[0], s, ref d[0]),
            p => [2 * p[0] + 2]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Default_literal_local(double x) =>
        new GradientCheck(
            nameof(DefaultLiteral), "x",
            p => DefaultLiteral(p[0]),
            (p, d) => DefaultLiteralGrad(p[0], out d[0]),
            (p, s, d) => DefaultLiteralPullback(p[0], s, ref d[0]),
            p => [2 * p[0]]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Compound_assignment_of_a_variable_to_itself(double x) =>
        // (2x)² = 4x²
        new GradientCheck(
            nameof(SelfCompound), "x",
            p => SelfCompound(p[0]),
            (p, d) => SelfCompoundGrad(p[0], out d[0]),
            (p, s, d) => SelfCompoundPullback(p[0], s, ref d[0]),
            p => [8 * p[0]]).Check(x);

    [Theory]
    [InlineData(0.3, 1)]
    [InlineData(-1.2, -4)]
    [InlineData(2.5, 0)]
    public void Compound_assignment_on_an_int_parameter(double x, int n) =>
        new GradientCheck(
            nameof(IntCompound), "x",
            p => IntCompound(p[0], n),
            (p, d) => IntCompoundGrad(p[0], n, out d[0]),
            (p, s, d) => IntCompoundPullback(p[0], n, s, ref d[0]),
            p => [3.0 * (n + 2) + 1]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.7)]
    public void Cast_of_an_active_value_to_int_is_passive(double x) =>
        // x·(int)(2x): the int factor is a constant away from its jumps
        new GradientCheck(
            nameof(IntCastOfActiveValue), "x",
            p => IntCastOfActiveValue(p[0]),
            (p, d) => IntCastOfActiveValueGrad(p[0], out d[0]),
            (p, s, d) => IntCastOfActiveValuePullback(p[0], s, ref d[0]),
            p => [(double)(int)(p[0] * 2)]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Special_constants_NaN_free(double x) =>
        new GradientCheck(
            nameof(SpecialConstants), "x",
            p => SpecialConstants(p[0]),
            (p, d) => SpecialConstantsGrad(p[0], out d[0]),
            (p, s, d) => SpecialConstantsPullback(p[0], s, ref d[0]),
            _ => [1e300 * double.Epsilon + 1 + 1 + Math.Tau + 1 + (double)MathF.PI]).Check(x);

    [Theory]
    [InlineData(0.3, 5L, (short)-2, (byte)3, 4U, (sbyte)-5, 6UL, (ushort)7)]
    [InlineData(-1.2, -3L, (short)4, (byte)0, 0U, (sbyte)1, 0UL, (ushort)0)]
    [InlineData(2.5, 0L, (short)1, (byte)200, 9U, (sbyte)-128, 1UL, (ushort)65535)]
    public void Every_integer_parameter_type_is_passive(double x, long l, short s, byte b, uint u, sbyte sb, ulong ul, ushort us) =>
        new GradientCheck(
            nameof(AllIntegerParameterTypes), "x",
            p => AllIntegerParameterTypes(p[0], l, s, b, u, sb, ul, us),
            (p, d) => AllIntegerParameterTypesGrad(p[0], l, s, b, u, sb, ul, us, out d[0]),
            (p, seed, d) => AllIntegerParameterTypesPullback(p[0], l, s, b, u, sb, ul, us, seed, ref d[0]),
            _ => [(double)l + (double)s * b + u + sb + ul]).Check(x);

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void Negative_literals_and_double_negation(double x) =>
        // −2x + 3x + atan2(−1, x) − x² − 0x: d/dx = 1 + 1/(1 + x²) − 2x
        new GradientCheck(
            nameof(NegativeLiterals), "x",
            p => NegativeLiterals(p[0]),
            (p, d) => NegativeLiteralsGrad(p[0], out d[0]),
            (p, s, d) => NegativeLiteralsPullback(p[0], s, ref d[0]),
            p => [1 + 1 / (1 + p[0] * p[0]) - 2 * p[0]]).Check(x);
}
