using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// A float helper that fills a float buffer, called from a float method in a loop, and a float local array overwritten
/// in place: float throughout (the gradient buffers of float arrays are float; this once printed double literals
/// into them, a compile error in the generated code).
/// </summary>
public partial class ArrayOutputFloatTests
{
    [Differentiable]
    internal static void Smooth(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        for (var i = 0; i < x.Length; i++) y[i] = MathF.Tanh(a * x[i]) + 0.5f * y[i];
    }

    [Differentiable]
    public static float Energy(float a, float b)
    {
        var x = new float[] { b, 2 * b, -b };
        var y = new float[3];
        for (var step = 0; step < 3; step++)
        {
            Smooth(a, x, y);
        }

        return y[0] * y[0] + y[1] - y[2];
    }

    [Theory]
    [InlineData(0.4f, 0.7f)]
    [InlineData(-1.1f, 0.3f)]
    public void A_float_helper_filling_a_float_buffer_matches_finite_differences(float a, float b)
    {
        Assert.Equal(Energy(a, b), EnergyGrad(a, b, out var da, out var db));
        var fd = FiniteDifferences.Gradient(p => Energy(p[0], p[1]), [a, b]);
        Assert.Equal(fd[0], da, 2);
        Assert.Equal(fd[1], db, 2);

        // The same program in double, differentiated by central differences, pins the float gradient closer.
        static double EnergyD(double a, double b)
        {
            double[] x = [b, 2 * b, -b];
            var y = new double[3];
            for (var step = 0; step < 3; step++)
            {
                for (var i = 0; i < 3; i++) y[i] = Math.Tanh(a * x[i]) + 0.5 * y[i];
            }

            return y[0] * y[0] + y[1] - y[2];
        }

        var reference = FiniteDifferences.Gradient(p => EnergyD(p[0], p[1]), [a, b]);
        Assert.Equal(reference[0], da, 4);
        Assert.Equal(reference[1], db, 4);
    }

    [Differentiable]
    public static float Overwrites(float a)
    {
        var w = new float[2];
        w[0] = a * a;
        w[1] = MathF.Sin(a);
        w[0] = w[0] * w[1] + 1f;
        return w[0] + w[1];
    }

    [Theory]
    [InlineData(0.5f)]
    [InlineData(-2.0f)]
    public void A_float_local_array_overwritten_in_place(float a)
    {
        Assert.Equal(Overwrites(a), OverwritesGrad(a, out var da));
        var analytic = 2 * a * MathF.Sin(a) + a * a * MathF.Cos(a) + MathF.Cos(a);
        Assert.Equal(analytic, da, 4);
    }
}
