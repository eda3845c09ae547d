using System.Globalization;
using Xunit.Sdk;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Checks an elementwise op at chosen float points against double references, each to a bound on the float32
/// rounding error of the computation (in units of <see cref="U"/>, written beside each op's case), so that a
/// constant off in its 5th digit is caught where the generic <see cref="GradientCheck.Tolerance"/> of 1e-4 would not.
/// The value is compared with a double reference; the first derivative (the tape's, seed 1) with Richardson-extrapolated
/// central differences of that reference in double; the second (nested tapes) with the analytic second derivative.
/// </summary>
internal static class PointwiseCheck
{
    /// <summary>float32's unit roundoff 2⁻²⁴: one correctly rounded float operation is off by at most U relative.</summary>
    public const double U = 1.0 / (1 << 24);

    /// <summary>What <see cref="CentralDifference"/> itself may be off by (≈ 1e-12), allowed on top of every derivative bound.</summary>
    public const double DifferenceError = 1e-10;

    /// <summary>Fails unless |op(x) − reference(x)| ≤ bound(x) at every point.</summary>
    public static void Value(string what, Func<Tensor, Tensor> op, float[] points, Func<double, double> reference, Func<double, double> bound) =>
        Compare(what, "value", points, op(Tensor.From(points)).ToArray(), reference, bound);

    /// <summary>Fails unless the tape gradient of Σ op(x) is within bound(x) of central differences of the reference.</summary>
    public static void Gradient(string what, Func<Tensor, Tensor> op, float[] points, Func<double, double> reference, Func<double, double> bound)
    {
        var x = Tensor.From(points);
        using var tape = new GradientTape();
        tape.Watch(x);
        var gradient = tape.Gradient(Ops.ReduceSum(op(x)), x);
        Compare(what, "first derivative", points, gradient.ToArray(), v => CentralDifference(reference, v), v => bound(v) + DifferenceError);
    }

    /// <summary>Fails unless nested tapes give secondDerivative(x) within bound(x); an unconnected result counts as 0.</summary>
    public static void SecondDerivative(string what, Func<Tensor, Tensor> op, float[] points, Func<double, double> secondDerivative, Func<double, double> bound)
    {
        var x = Tensor.From(points);
        Tensor second;
        using (var outer = new GradientTape())
        {
            outer.Watch(x);
            Tensor first;
            using (var inner = new GradientTape())
            {
                inner.Watch(x);
                first = inner.Gradient(Ops.ReduceSum(op(x)), x);
            }

            second = outer.Gradient(Ops.ReduceSum(first), x, unconnectedGradients: UnconnectedGradients.Zero);
        }

        Compare(what, "second derivative", points, second.ToArray(), secondDerivative, bound);
    }

    /// <summary>
    /// f′(x) by central differences with Richardson extrapolation: (4·D(h/2) − D(h))/3 cancels the h² term, leaving
    /// truncation O(h⁴) ≈ 1e-12 and rounding ≈ 1e-16/h ≈ 1e-13 for h = 1e-3 — far below any float32 bound.
    /// </summary>
    public static double CentralDifference(Func<double, double> f, double x)
    {
        var h = 1e-3 * Math.Max(1, Math.Abs(x));
        double D(double step) => (f(x + step) - f(x - step)) / (2 * step);
        return ((4 * D(h / 2)) - D(h)) / 3;
    }

    private static void Compare(string what, string quantity, float[] points, float[] actual, Func<double, double> expected, Func<double, double> bound)
    {
        for (var i = 0; i < points.Length; i++)
        {
            double x = points[i], e = expected(x), a = actual[i], allowed = bound(x);
            if (!(Math.Abs(a - e) <= allowed))
            {
                throw new XunitException(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: {quantity} at x = {x:R}: got {a:R}, expected {e:R}; off by {Math.Abs(a - e):G3}, bound {allowed:G3} (error/bound = {Math.Abs(a - e) / allowed:G3})"));
            }
        }
    }
}
