using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// The conventions of DESIGN.md at non-differentiable points, checked exactly (finite differences mean nothing
/// there): Abs'(0) = 0; Max/Min ties give the derivative to the first argument; Clamp passes it to the argument it
/// returned; Floor/Ceiling/Round/Truncate/Sign have derivative 0 even on their jumps. Grad and Pullback (seed 0.75,
/// slots pre-filled) are both checked, in double and in float.
/// </summary>
public partial class KinkConventionTests
{
    // ---- the patterns -------------------------------------------------------------------------------------------

    [Differentiable] public static double Abs(double x) => Math.Abs(x);
    [Differentiable] public static double AbsOfDifference(double x, double y) => Math.Abs(x - y) + x * y;
    [Differentiable] public static double Max(double x, double y) => Math.Max(x, y);
    [Differentiable] public static double Min(double x, double y) => Math.Min(x, y);
    [Differentiable] public static double MaxWithZeroSecond(double x) => Math.Max(x, 0.0);
    [Differentiable] public static double MaxWithZeroFirst(double x) => Math.Max(0.0, x);
    [Differentiable] public static double Clamp(double x, double lo, double hi) => Math.Clamp(x, lo, hi);
    [Differentiable] public static double TimesFloor(double x) => x * Math.Floor(x);
    [Differentiable] public static double TimesCeiling(double x) => x * Math.Ceiling(x);
    [Differentiable] public static double TimesRound(double x) => x * Math.Round(x);
    [Differentiable] public static double TimesTruncate(double x) => x * Math.Truncate(x);
    [Differentiable] public static double SignPlusX(double x) => 5.0 * Math.Sign(x) + x;

    [Differentiable] public static float AbsF(float x) => MathF.Abs(x);
    [Differentiable] public static float MaxF(float x, float y) => MathF.Max(x, y);
    [Differentiable] public static float MinF(float x, float y) => MathF.Min(x, y);
    [Differentiable] public static float ClampF(float x, float lo, float hi) => Math.Clamp(x, lo, hi);
    [Differentiable] public static float TimesFloorF(float x) => x * MathF.Floor(x);
    [Differentiable] public static float TimesRoundF(float x) => x * MathF.Round(x);
    [Differentiable] public static float SignPlusXF(float x) => 5f * MathF.Sign(x) + x;

    // ---- Abs ----------------------------------------------------------------------------------------------------

    [Fact]
    public void Abs_has_derivative_zero_at_zero()
    {
        foreach (var x in new[] { 0.0, -0.0 })
        {
            var value = AbsGrad(x, out var dx);
            FiniteDifferences.AssertSameBits(Math.Abs(x), value, nameof(AbsGrad));
            Assert.Equal(0.0, dx);

            var slot = 10.0;
            AbsPullback(x, 0.75, ref slot);
            Assert.Equal(10.0, slot);
        }
    }

    [Fact]
    public void Abs_of_a_vanishing_difference_contributes_nothing()
    {
        // |x − y| + xy at x = y = 1.5: only xy contributes, ∂/∂x = y, ∂/∂y = x.
        AbsOfDifferenceGrad(1.5, 1.5, out var dx, out var dy);
        Assert.Equal(1.5, dx);
        Assert.Equal(1.5, dy);
    }

    [Fact]
    public void AbsF_has_derivative_zero_at_zero()
    {
        AbsFGrad(0f, out var dx);
        Assert.Equal(0f, dx);
        AbsFGrad(-0f, out var dxNegative);
        Assert.Equal(0f, dxNegative);
    }

    // ---- Max / Min ties -----------------------------------------------------------------------------------------

    [Theory]
    [InlineData(1.5)]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    public void Max_tie_goes_to_the_first_argument(double v)
    {
        var value = MaxGrad(v, v, out var dx, out var dy);
        FiniteDifferences.AssertSameBits(Math.Max(v, v), value, nameof(MaxGrad));
        Assert.Equal((1.0, 0.0), (dx, dy));

        double sx = 10, sy = 7;
        MaxPullback(v, v, 0.75, ref sx, ref sy);
        Assert.Equal((10.75, 7.0), (sx, sy));
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(-2.0)]
    [InlineData(0.0)]
    public void Min_tie_goes_to_the_first_argument(double v)
    {
        var value = MinGrad(v, v, out var dx, out var dy);
        FiniteDifferences.AssertSameBits(Math.Min(v, v), value, nameof(MinGrad));
        Assert.Equal((1.0, 0.0), (dx, dy));

        double sx = 10, sy = 7;
        MinPullback(v, v, 0.75, ref sx, ref sy);
        Assert.Equal((10.75, 7.0), (sx, sy));
    }

    [Theory]
    [InlineData(1.5f)]
    [InlineData(-2f)]
    public void MaxF_and_MinF_ties_go_to_the_first_argument(float v)
    {
        MaxFGrad(v, v, out var maxDx, out var maxDy);
        Assert.Equal((1f, 0f), (maxDx, maxDy));
        MinFGrad(v, v, out var minDx, out var minDy);
        Assert.Equal((1f, 0f), (minDx, minDy));
    }

    [Fact]
    public void Max_with_a_constant_tie_goes_to_the_first_argument_even_if_it_is_the_constant()
    {
        // ReLU written both ways, at 0: Max(x, 0) gives the derivative to x, Max(0, x) to the constant.
        MaxWithZeroSecondGrad(0.0, out var second);
        Assert.Equal(1.0, second);
        MaxWithZeroFirstGrad(0.0, out var first);
        Assert.Equal(0.0, first);
    }

    // ---- Clamp --------------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(-1.0, 0.0, 1.0, 0, 1, 0)]   // returned lo
    [InlineData(3.0, 0.0, 1.0, 0, 0, 1)]    // returned hi
    [InlineData(0.5, 0.0, 1.0, 1, 0, 0)]    // returned x
    [InlineData(0.0, 0.0, 1.0, 1, 0, 0)]    // x == lo: Math.Clamp returns x (value < min is false)
    [InlineData(1.0, 0.0, 1.0, 1, 0, 0)]    // x == hi: Math.Clamp returns x (value > max is false)
    [InlineData(2.0, 2.0, 2.0, 1, 0, 0)]    // lo == hi == x
    [InlineData(-5.0, 2.0, 2.0, 0, 1, 0)]   // lo == hi, below: returned lo
    public void Clamp_passes_the_derivative_to_the_argument_it_returned(double x, double lo, double hi, int toX, int toLo, int toHi)
    {
        var value = ClampGrad(x, lo, hi, out var dx, out var dlo, out var dhi);
        FiniteDifferences.AssertSameBits(Math.Clamp(x, lo, hi), value, nameof(ClampGrad));
        Assert.Equal(((double)toX, (double)toLo, (double)toHi), (dx, dlo, dhi));

        double sx = 10, slo = 7, shi = 4;
        ClampPullback(x, lo, hi, -2.5, ref sx, ref slo, ref shi);
        Assert.Equal((10 - 2.5 * toX, 7 - 2.5 * toLo, 4 - 2.5 * toHi), (sx, slo, shi));
    }

    [Theory]
    [InlineData(-1f, 0f, 1f, 0, 1, 0)]
    [InlineData(3f, 0f, 1f, 0, 0, 1)]
    [InlineData(0.5f, 0f, 1f, 1, 0, 0)]
    [InlineData(0f, 0f, 1f, 1, 0, 0)]
    public void ClampF_passes_the_derivative_to_the_argument_it_returned(float x, float lo, float hi, int toX, int toLo, int toHi)
    {
        var value = ClampFGrad(x, lo, hi, out var dx, out var dlo, out var dhi);
        FiniteDifferences.AssertSameBits(Math.Clamp(x, lo, hi), value, nameof(ClampFGrad));
        Assert.Equal(((float)toX, (float)toLo, (float)toHi), (dx, dlo, dhi));
    }

    // ---- piecewise-constant functions on their jumps ------------------------------------------------------------

    [Theory]
    [InlineData(2.0)]
    [InlineData(-3.0)]
    [InlineData(0.0)]
    public void Floor_has_derivative_zero_on_an_integer(double x)
    {
        // d/dx [x·Floor(x)] = Floor(x) + x·0
        TimesFloorGrad(x, out var dx);
        Assert.Equal(Math.Floor(x), dx);
    }

    [Theory]
    [InlineData(2.0)]
    [InlineData(-3.0)]
    public void Ceiling_has_derivative_zero_on_an_integer(double x)
    {
        TimesCeilingGrad(x, out var dx);
        Assert.Equal(Math.Ceiling(x), dx);
    }

    [Theory]
    [InlineData(2.5, 2.0)]   // banker's rounding: the derivative uses the value the primal computed
    [InlineData(3.5, 4.0)]
    [InlineData(-0.5, 0.0)]
    public void Round_has_derivative_zero_on_a_half_integer(double x, double rounded)
    {
        TimesRoundGrad(x, out var dx);
        Assert.Equal(rounded, dx);
    }

    [Theory]
    [InlineData(-3.0)]
    [InlineData(4.0)]
    public void Truncate_has_derivative_zero_on_an_integer(double x)
    {
        TimesTruncateGrad(x, out var dx);
        Assert.Equal(Math.Truncate(x), dx);
    }

    [Fact]
    public void Sign_has_derivative_zero_at_zero()
    {
        var value = SignPlusXGrad(0.0, out var dx);
        Assert.Equal(0.0, value);
        Assert.Equal(1.0, dx);
    }

    [Theory]
    [InlineData(2f, 2f)]
    [InlineData(2.5f, 2f)]
    [InlineData(-3f, -3f)]
    public void Float_piecewise_constant_functions_on_their_jumps(float x, float expectedFloorGradient)
    {
        TimesFloorFGrad(x, out var floorDx);
        Assert.Equal(MathF.Floor(x), floorDx);
        TimesRoundFGrad(x, out var roundDx);
        Assert.Equal(MathF.Round(x), roundDx);
        SignPlusXFGrad(0f, out var signDx);
        Assert.Equal(1f, signDx);
        Assert.Equal(expectedFloorGradient, floorDx);
    }
}
