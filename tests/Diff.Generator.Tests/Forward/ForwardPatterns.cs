namespace DiffGen.Generator.Tests.Forward;

/// <summary>
/// Methods with every mode (<c>DiffModes.All</c>): scalars, spans and loops, branches and kinks, local arrays, early
/// exits, passive data, float. <see cref="ForwardModeTests"/> checks Jvp, Vjp, Hvp and Hessian on each.
/// </summary>
public static partial class ForwardPatterns
{
    [Differentiable(Modes = DiffModes.All)]
    public static double Polynomial(double x, double y) => x * x * y + Math.Sin(x * y) + Math.Exp(y) / x;

    /// <summary>Every kind of rule: partials with the value (Exp, Tanh, Sqrt), with branches (Pow, Hypot, Abs, Max), quotients.</summary>
    [Differentiable(Modes = DiffModes.All)]
    public static double MathZoo(double x, double y)
    {
        var a = Math.Tanh(x * y) + Math.Log(1 + x * x) + Math.Sqrt(2 + y * y);
        var b = Math.Pow(x, 3) + Math.Pow(Math.Abs(x) + 1, y) + double.Hypot(x, y);
        var c = Math.Max(x, y) * Math.Atan2(y, x + 3) + Math.Cbrt(x + 5) + Math.Cosh(y / 2);
        return a * b - c / (1 + Math.Exp(-x)) + Math.Asinh(x) * Math.Log10(3 + y) + (x - y) % 0.7;
    }

    [Differentiable(Modes = DiffModes.All)]
    public static double Rosenbrock(ReadOnlySpan<double> x)
    {
        var s = 0.0;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            var a = x[i + 1] - x[i] * x[i];
            var b = 1 - x[i];
            s += 100 * a * a + b * b;
        }

        return s;
    }

    /// <summary>Softmax cross-entropy with a local array, a running max and a passive label.</summary>
    [Differentiable(Modes = DiffModes.All)]
    public static double SoftmaxCrossEntropy(double[] logits, int label)
    {
        var max = double.NegativeInfinity;
        foreach (var z in logits)
        {
            max = Math.Max(max, z);
        }

        var exps = new double[logits.Length];
        var sum = 0.0;
        for (var i = 0; i < logits.Length; i++)
        {
            exps[i] = Math.Exp(logits[i] - max);
            sum += exps[i];
        }

        return -Math.Log(exps[label] / sum);
    }

    /// <summary>A loop-carried product with branches, an early exit and passive data.</summary>
    [Differentiable(Modes = DiffModes.All)]
    public static double Recurrence(ReadOnlySpan<double> w, double scale, [NoDerivative] double[] data, int steps)
    {
        var h = 0.5;
        var t = 0;
        while (true)
        {
            if (t >= steps)
            {
                return h * scale;
            }

            var k = t % w.Length;
            var pre = w[k] * h + data[t % data.Length] * scale;
            h = pre > 0 ? Math.Tanh(pre) : 0.1 * pre + h * h;
            if (Math.Abs(h) > 50)
            {
                break;
            }

            t++;
        }

        return h;
    }

    [Differentiable(Modes = DiffModes.All)]
    public static float FloatGaussian(ReadOnlySpan<float> x, float sigma)
    {
        var s = 0f;
        for (var i = 0; i < x.Length; i++)
        {
            s += MathF.Exp(-x[i] * x[i] / (2 * sigma * sigma)) * (1 + 0.1f * i);
        }

        return MathF.Log(s) + sigma * sigma;
    }

    /// <summary>Generic math: one method, every mode, for float and double.</summary>
    [Differentiable(Modes = DiffModes.All)]
    public static T GenericSoftplusSum<T>(ReadOnlySpan<T> x, T scale)
        where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var s = T.Zero;
        for (var i = 0; i < x.Length; i++)
        {
            var z = scale * x[i];
            s += T.Log(T.One + T.Exp(z)) + z * z * T.CreateChecked(0.1);
        }

        return s;
    }

    /// <summary>Forward mode only: no second-order methods are emitted.</summary>
    [Differentiable(Modes = DiffModes.Forward)]
    public static double ForwardOnly(double x, double[] v)
    {
        var s = x;
        for (var i = 0; i < v.Length; i++)
        {
            s = s * v[i] + Math.Sin(s);
        }

        return s;
    }

    // ---- inputs read through views: forward mode (Jvp) for matrices, jagged arrays, struct parameters and spans ---

    public record struct Charge(double X, double Y, double Q);

    [Differentiable(Modes = DiffModes.Forward)]
    public static double QuadraticForm(double[,] a, ReadOnlySpan<double> x)
    {
        var s = 0.0;
        for (var i = 0; i < x.Length; i++)
        {
            for (var j = 0; j < x.Length; j++)
            {
                s += x[i] * a[i, j] * Math.Tanh(x[j]);
            }
        }

        return s;
    }

    [Differentiable(Modes = DiffModes.Forward)]
    public static double RaggedEnergy(double[][] rows, double k)
    {
        var s = 0.0;
        for (var i = 0; i < rows.Length; i++)
        {
            for (var j = 0; j < rows[i].Length; j++)
            {
                s += k * Math.Sin(rows[i][j] * (j + 1));
            }
        }

        return s;
    }

    [Differentiable(Modes = DiffModes.Forward)]
    public static double Potential(Charge probe, ReadOnlySpan<Charge> charges)
    {
        var s = 0.0;
        foreach (var c in charges)
        {
            var dx = probe.X - c.X;
            var dy = probe.Y - c.Y;
            s += probe.Q * c.Q / Math.Sqrt(dx * dx + dy * dy + 0.1);
        }

        return s;
    }

    // ---- calls: a caller's forward mode calls its callees' Tangent, its second order their TangentPullback --------

    [Differentiable(Modes = DiffModes.All)]
    public static double ChainEnergy(ReadOnlySpan<double> x, double k)
    {
        var s = 0.0;
        for (var i = 0; i + 1 < x.Length; i++)
        {
            s += Bond(x[i], x[i + 1], k);
        }

        return s + Norm(x.Slice(1)) * k;
    }

    [Differentiable(Modes = DiffModes.All)]
    public static double Bond(double a, double b, double k) => k * Math.Cos(a - b) + a * a * b;

    [Differentiable(Modes = DiffModes.All)]
    public static double Norm(ReadOnlySpan<double> v)
    {
        var s = 1e-3;
        foreach (var e in v)
        {
            s += e * e;
        }

        return Math.Sqrt(s);
    }

    // ---- vector functions: the Jacobian, Jvp and Vjp are always emitted -------------------------------------------

    [Differentiable]
    public static void Lorenz(ReadOnlySpan<double> x, Span<double> y, double sigma)
    {
        y[0] = sigma * (x[1] - x[0]);
        y[1] = x[0] * (28 - x[2]) - x[1];
        y[2] = x[0] * x[1] - 8.0 / 3.0 * x[2];
    }

    /// <summary>Broyden's tridiagonal residual: F_i = (3 − 2xᵢ)xᵢ − xᵢ₋₁ − 2xᵢ₊₁ + 1, in a loop.</summary>
    [Differentiable]
    public static void BroydenResidual(ReadOnlySpan<double> x, Span<double> r)
    {
        var n = x.Length;
        for (var i = 0; i < n; i++)
        {
            var left = i > 0 ? x[i - 1] : 0.0;
            var right = i < n - 1 ? x[i + 1] : 0.0;
            r[i] = (3 - 2 * x[i]) * x[i] - left - 2 * right + 1;
        }
    }

    /// <summary>Two outputs, one of which adds into what it held on entry, and a scalar input: m = 5 &gt; n = 3.</summary>
    [Differentiable]
    public static void TwoOutputs(ReadOnlySpan<double> p, double k, Span<double> a, Span<double> b)
    {
        for (var i = 0; i < a.Length; i++)
        {
            a[i] += Math.Exp(k * p[i % p.Length]) * (i + 1);
        }

        b[0] = p[0] * p[1] * k;
        b[1] = Math.Sin(p[1]) + k * k;
    }
}
