using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Methods that write into an array or span parameter — a <c>void</c> helper that fills its output
/// (<c>void Derivs(double t, ReadOnlySpan&lt;double&gt; y, Span&lt;double&gt; dydt)</c>), or a method that uses a
/// caller's array as scratch. The parameter is an input (its elements on entry) and an output (its elements on
/// return): Pullback writes it as the primal does, takes its final elements' adjoints as <c>seed_&lt;name&gt;</c> and
/// adds the adjoints of its entry elements into <c>d&lt;name&gt;</c>.
/// </summary>
public partial class ArrayOutputTests
{
    /// <summary>The right-hand side of a damped oscillator with a cubic term, as an ODE code writes it.</summary>
    [Differentiable]
    internal static void Oscillator(double t, ReadOnlySpan<double> y, Span<double> dydt, double k)
    {
        dydt[0] = y[1];
        dydt[1] = -k * y[0] - 0.1 * y[1] - y[0] * y[0] * y[0] + Math.Sin(t);
    }

    /// <summary>Reads and updates its array in place: an input and an output at once.</summary>
    [Differentiable]
    internal static void Decay(double[] state, double rate)
    {
        for (var i = 0; i < state.Length; i++) state[i] *= Math.Exp(-rate * (i + 1));
        state[0] += state[^1] * state[^1];
    }

    /// <summary>A value-returning method that uses the caller's array as scratch (and leaves its result there).</summary>
    [Differentiable]
    public static double SmoothedSum(ReadOnlySpan<double> x, Span<double> work)
    {
        for (var i = 0; i < x.Length; i++) work[i] = Math.Tanh(x[i]);
        var s = 0.0;
        for (var i = 0; i < x.Length; i++) s += work[i] * (i + 1);
        return s;
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++) s += a[i] * b[i];
        return s;
    }

    [Theory]
    [InlineData(0.3, 1.2, -0.4, 2.0)]
    [InlineData(1.7, -0.8, 0.9, 0.5)]
    public void A_void_helper_that_fills_its_output_has_a_pullback_matching_finite_differences(double t, double y0, double y1, double k)
    {
        double[] y = [y0, y1];
        double[] seed = [0.7, -1.3];
        var dydt = new double[2];
        var expected = new double[2];
        Oscillator(t, y, expected, k);

        var dt = 0.0;
        var dk = 0.0;
        var dy = new double[2];
        var ddydt = new double[2];
        OscillatorPullback(t, y, dydt, k, seed, ref dt, dy, ddydt, ref dk);
        Assert.Equal(expected, dydt);

        // The pullback is the vector-Jacobian product seed · ∂dydt/∂(t, y, k).
        double Weighted(double[] p)
        {
            var output = new double[2];
            Oscillator(p[0], p.AsSpan(1, 2), output, p[3]);
            return Dot(seed, output);
        }

        var fd = FiniteDifferences.Gradient(Weighted, [t, y0, y1, k]);
        Assert.Equal(fd[0], dt, 7);
        Assert.Equal(fd[1], dy[0], 7);
        Assert.Equal(fd[2], dy[1], 7);
        Assert.Equal(fd[3], dk, 7);

        // The analytic Jacobian: d(dydt1)/dy0 = −k − 3y0², d(dydt0)/dy1 = 1, d(dydt1)/dy1 = −0.1.
        Assert.Equal(seed[1] * (-k - 3 * y0 * y0), dy[0], 12);
        Assert.Equal(seed[0] - 0.1 * seed[1], dy[1], 12);

        // dydt's entry elements are overwritten unread: their adjoints are zero.
        Assert.Equal(new double[2], ddydt);
    }

    [Theory]
    [InlineData(0.2)]
    [InlineData(0.9)]
    public void An_array_updated_in_place_is_an_input_and_an_output(double rate)
    {
        double[] initial = [0.5, -1.5, 2.0];
        double[] seed = [1.0, 0.25, -0.5];
        var state = (double[])initial.Clone();
        var expected = (double[])initial.Clone();
        Decay(expected, rate);

        var dstate = new double[3];
        var drate = 0.0;
        DecayPullback(state, rate, seed, dstate, ref drate);
        Assert.Equal(expected, state);

        double Weighted(double[] p)
        {
            var s = p[..3];
            Decay(s, p[3]);
            return Dot(seed, s);
        }

        var fd = FiniteDifferences.Gradient(Weighted, [.. initial, rate]);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(fd[i], dstate[i], 7);
        }

        Assert.Equal(fd[3], drate, 7);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.1)]
    public void A_scratch_array_is_written_as_the_primal_writes_it_and_Grad_differentiates_the_value(double x0)
    {
        double[] x = [x0, 0.5, -0.25];
        var work = new double[3];
        var expectedWork = new double[3];
        var value = SmoothedSum(x, expectedWork);

        var dx = new double[3];
        var dwork = new double[] { 9, 9, 9 };
        Assert.Equal(value, SmoothedSumGrad(x, work, dx, dwork));
        Assert.Equal(expectedWork, work);
        Assert.Equal(new double[3], dwork);
        for (var i = 0; i < 3; i++)
        {
            var sech = 1 / Math.Cosh(x[i]);
            Assert.Equal((i + 1) * sech * sech, dx[i], 12);
        }

        // With a seed on work's final elements too: ∂/∂x[i] gains seed_work[i]·tanh'(x[i]).
        double[] seedWork = [0.5, -1.0, 2.0];
        var dx2 = new double[3];
        var dwork2 = new double[3];
        SmoothedSumPullback(x, work, 1.0, seedWork, dx2, dwork2);
        for (var i = 0; i < 3; i++)
        {
            var sech = 1 / Math.Cosh(x[i]);
            Assert.Equal((i + 1 + seedWork[i]) * sech * sech, dx2[i], 12);
        }
    }

    [Fact]
    public void A_seed_of_the_wrong_length_is_an_error_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() =>
        {
            var dt = 0.0;
            var dk = 0.0;
            OscillatorPullback(0, new double[2], new double[2], 1, new double[3], ref dt, new double[2], new double[2], ref dk);
        });
        Assert.Contains("'seed_dydt' has length 3 but 'dydt' has length 2", error.Message);
    }

    /// <summary>Classical RK4 with the right-hand side filling local arrays, as numerical codes write it; the loss is on the final state.</summary>
    [Differentiable]
    public static double Rk4Final(double y0, double v0, double k, int steps)
    {
        var state = new double[] { y0, v0 };
        var k1 = new double[2];
        var k2 = new double[2];
        var k3 = new double[2];
        var k4 = new double[2];
        var tmp = new double[2];
        var h = 0.05;
        for (var n = 0; n < steps; n++)
        {
            var t = n * h;
            Oscillator(t, state, k1, k);
            for (var i = 0; i < 2; i++) tmp[i] = state[i] + 0.5 * h * k1[i];
            Oscillator(t + 0.5 * h, tmp, k2, k);
            for (var i = 0; i < 2; i++) tmp[i] = state[i] + 0.5 * h * k2[i];
            Oscillator(t + 0.5 * h, tmp, k3, k);
            for (var i = 0; i < 2; i++) tmp[i] = state[i] + h * k3[i];
            Oscillator(t + h, tmp, k4, k);
            for (var i = 0; i < 2; i++) state[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }

        return state[0] * state[0] + 0.5 * state[1];
    }

    /// <summary>An in-place update of a local array and a scratch-using call whose value is kept, outside and inside a loop.</summary>
    [Differentiable]
    public static double InPlaceAndScratch(double x, double rate)
    {
        var a = new double[] { x, 2 * x, x * x };
        Decay2(a, rate);
        var work = new double[3];
        var s = SmoothedSum(a, work);
        for (var r = 0; r < 3; r++)
        {
            Decay2(a.AsSpan(1), rate * 0.5);
            var v = SmoothedSum(a, work);
            s += v * work[r];
        }

        return s + a[0];
    }

    /// <summary>Decay over a span, so a local array (or a view of one) can be passed.</summary>
    [Differentiable]
    internal static void Decay2(Span<double> state, double rate)
    {
        for (var i = 0; i < state.Length; i++) state[i] *= Math.Exp(-rate * (i + 1));
        state[0] += state[^1] * state[^1];
    }

    [Theory]
    [InlineData(1.0, 0.0, 2.0, 10)]
    [InlineData(-0.5, 0.8, 0.7, 25)]
    public void Rk4_with_a_right_hand_side_that_fills_local_arrays_matches_finite_differences(double y0, double v0, double k, int steps)
    {
        Assert.Equal(Rk4Final(y0, v0, k, steps), Rk4FinalGrad(y0, v0, k, steps, out var dy0, out var dv0, out var dk));
        var fd = FiniteDifferences.Gradient(p => Rk4Final(p[0], p[1], p[2], steps), [y0, v0, k]);
        Assert.Equal(fd[0], dy0, 6);
        Assert.Equal(fd[1], dv0, 6);
        Assert.Equal(fd[2], dk, 6);
    }

    [Theory]
    [InlineData(0.6, 0.3)]
    [InlineData(-1.2, 0.8)]
    public void In_place_updates_and_scratch_arrays_of_local_arrays_match_finite_differences(double x, double rate)
    {
        Assert.Equal(InPlaceAndScratch(x, rate), InPlaceAndScratchGrad(x, rate, out var dx, out var drate));
        var fd = FiniteDifferences.Gradient(p => InPlaceAndScratch(p[0], p[1]), [x, rate]);
        Assert.Equal(fd[0], dx, 6);
        Assert.Equal(fd[1], drate, 6);
    }

    [Differentiable]
    internal static void Scale(double x, Span<double> y)
    {
        for (var i = 0; i < y.Length; i++) y[i] *= x + i;
    }

    /// <summary>Passes its own span on to a method that writes it: so it writes that span too (an output of its own).</summary>
    [Differentiable]
    internal static void ScaleTwice(double x, Span<double> y)
    {
        Scale(x, y);
        Scale(Math.Sin(x), y[1..]);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(-1.3)]
    public void A_span_passed_on_to_a_method_that_writes_it_is_an_output_of_the_caller_too(double x)
    {
        double[] initial = [0.5, -2.0, 1.5];
        double[] seed = [1.0, -0.5, 0.25];
        var y = (double[])initial.Clone();
        var expected = (double[])initial.Clone();
        ScaleTwice(x, expected);

        var dx = 0.0;
        var dy = new double[3];
        ScaleTwicePullback(x, y, seed, ref dx, dy);
        Assert.Equal(expected, y);

        double Weighted(double[] p)
        {
            var s = p[1..];
            ScaleTwice(p[0], s);
            return Dot(seed, s);
        }

        var fd = FiniteDifferences.Gradient(Weighted, [x, .. initial]);
        Assert.Equal(fd[0], dx, 7);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(fd[i + 1], dy[i], 7);
        }
    }
}
