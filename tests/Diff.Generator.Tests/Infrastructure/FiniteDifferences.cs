using System.Globalization;
using Xunit.Sdk;

namespace DiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Central finite differences, the independent reference every generated gradient is checked against, and the
/// assertions that compare a gradient with a reference and say where and by how much they differ.
/// </summary>
public static class FiniteDifferences
{
    /// <summary>Relative step for double functions: h = 1e-6·max(1, |x|).</summary>
    public const double DoubleStep = 1e-6;

    /// <summary>Relative step for float functions: h = 1e-3·max(1, |x|) (float rounding is ~1e-7, so the step must be larger).</summary>
    public const double FloatStep = 1e-3;

    /// <summary>|g − fd| ≤ 1e-5·max(1, |fd|) for double functions.</summary>
    public const double DoubleTolerance = 1e-5;

    /// <summary>|g − fd| ≤ 1e-3·max(1, |fd|) for float functions (the difference quotient of a float function is noisy).</summary>
    public const double FloatTolerance = 1e-3;

    /// <summary>Generated gradient vs a closed-form derivative evaluated in double: a few ulps of double.</summary>
    public const double AnalyticTolerance = 1e-12;

    /// <summary>Generated float gradient vs a closed-form derivative evaluated in double at the same float point.</summary>
    public const double FloatAnalyticTolerance = 1e-5;

    /// <summary>The step for <paramref name="x"/>: <paramref name="relativeStep"/>·max(1, |x|).</summary>
    public static double Step(double x, double relativeStep = DoubleStep) => relativeStep * Math.Max(1.0, Math.Abs(x));

    /// <summary>∂f/∂x_index at <paramref name="point"/> by (f(x + h) − f(x − h)) / (2h), h scaled to |x_index|.</summary>
    public static double Central(Func<double[], double> f, double[] point, int index, double relativeStep = DoubleStep)
    {
        var h = Step(point[index], relativeStep);
        var plus = (double[])point.Clone();
        var minus = (double[])point.Clone();
        plus[index] += h;
        minus[index] -= h;

        // Divide by the step actually taken (x ± h rounded), not by the nominal 2h.
        return (f(plus) - f(minus)) / (plus[index] - minus[index]);
    }

    /// <summary>
    /// ∂f/∂x_index of a float function, computed in double: the primal is called with float arguments x ± h (h =
    /// 1e-3·max(1, |x|), rounded to float) and the quotient is formed in double.
    /// </summary>
    public static double Central(Func<float[], float> f, float[] point, int index, double relativeStep = FloatStep)
    {
        var h = Step(point[index], relativeStep);
        var plus = (float[])point.Clone();
        var minus = (float[])point.Clone();
        plus[index] = (float)(point[index] + h);
        minus[index] = (float)(point[index] - h);
        return ((double)f(plus) - f(minus)) / ((double)plus[index] - minus[index]);
    }

    /// <summary>The central-difference gradient with respect to every coordinate of <paramref name="point"/>.</summary>
    public static double[] Gradient(Func<double[], double> f, double[] point, double relativeStep = DoubleStep)
        => Enumerable.Range(0, point.Length).Select(i => Central(f, point, i, relativeStep)).ToArray();

    /// <summary>The central-difference gradient of a float function, in double.</summary>
    public static double[] Gradient(Func<float[], float> f, float[] point, double relativeStep = FloatStep)
        => Enumerable.Range(0, point.Length).Select(i => Central(f, point, i, relativeStep)).ToArray();

    /// <summary>
    /// Fails unless |actual − expected| ≤ relativeTolerance·max(1, |expected|), with a message naming the function,
    /// the point, the parameter and both values.
    /// </summary>
    public static void AssertClose(
        string function,
        IReadOnlyList<string> parameters,
        IReadOnlyList<double> point,
        int index,
        double actual,
        double expected,
        double relativeTolerance,
        string actualLabel = "generated gradient",
        string expectedLabel = "central difference")
    {
        var bound = relativeTolerance * Math.Max(1.0, Math.Abs(expected));
        var difference = Math.Abs(actual - expected);
        if (difference <= bound)
        {
            return;
        }

        throw new XunitException(
            $"{function}: ∂{function}/∂{parameters[index]} at {FormatPoint(parameters, point)}\n" +
            $"  {actualLabel,-20}: {Format(actual)}\n" +
            $"  {expectedLabel,-20}: {Format(expected)}\n" +
            $"  |difference|        : {Format(difference)} > {Format(relativeTolerance)}·max(1, |{expectedLabel}|) = {Format(bound)}");
    }

    /// <summary>Fails unless the two doubles have the same bits (so −0 ≠ +0 and NaN payloads count).</summary>
    public static void AssertSameBits(double expected, double actual, string what)
    {
        if (BitConverter.DoubleToInt64Bits(expected) != BitConverter.DoubleToInt64Bits(actual))
        {
            throw new XunitException($"{what}: expected bit-for-bit {Format(expected)} (0x{BitConverter.DoubleToInt64Bits(expected):X16}), got {Format(actual)} (0x{BitConverter.DoubleToInt64Bits(actual):X16})");
        }
    }

    /// <summary>Fails unless the two floats have the same bits.</summary>
    public static void AssertSameBits(float expected, float actual, string what)
    {
        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(actual))
        {
            throw new XunitException($"{what}: expected bit-for-bit {Format(expected)} (0x{BitConverter.SingleToInt32Bits(expected):X8}), got {Format(actual)} (0x{BitConverter.SingleToInt32Bits(actual):X8})");
        }
    }

    public static string FormatPoint(IReadOnlyList<string> parameters, IReadOnlyList<double> point)
        => "(" + string.Join(", ", point.Select((x, i) => (i < parameters.Count ? parameters[i] : "arg" + i) + " = " + Format(x))) + ")";

    public static string Format(double x) => x.ToString("R", CultureInfo.InvariantCulture);

    public static string Format(float x) => x.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Calls a generated <c>{Name}Grad</c>: active inputs in <c>x</c>, their gradient written to <c>dx</c>.</summary>
public delegate double GradCall(double[] x, double[] dx);

/// <summary>Calls a generated <c>{Name}Pullback</c>: active inputs in <c>x</c>, gradient accumulated into <c>dx</c>.</summary>
public delegate double PullbackCall(double[] x, double seed, double[] dx);

/// <summary>Calls a generated float <c>{Name}Grad</c>.</summary>
public delegate float FloatGradCall(float[] x, float[] dx);

/// <summary>Calls a generated float <c>{Name}Pullback</c>.</summary>
public delegate float FloatPullbackCall(float[] x, float seed, float[] dx);

/// <summary>
/// One differentiable double function as the tests see it: the primal, its generated Grad and Pullback (each
/// called with the active arguments taken from an array; passive arguments are captured by the lambdas), and
/// optionally its closed-form gradient. <see cref="Check"/> verifies, at one point:
/// <list type="number">
/// <item>Grad returns the primal's value bit-for-bit;</item>
/// <item>the gradient matches central finite differences (1e-5 relative);</item>
/// <item>the gradient matches the closed form, when given (1e-12 relative);</item>
/// <item>Pullback returns the primal's value bit-for-bit and ADDS seed·gradient to pre-filled gradient slots.</item>
/// </list>
/// </summary>
public sealed class GradientCheck
{
    private static readonly double[] Seeds = { 0.75, -2.5 };

    private readonly string function;
    private readonly string[] parameters;
    private readonly Func<double[], double> primal;
    private readonly GradCall grad;
    private readonly PullbackCall pullback;
    private readonly Func<double[], double[]>? analytic;

    /// <param name="function">The primal's name, for messages.</param>
    /// <param name="parameters">The active parameters' names, space-separated, in the order of the arrays.</param>
    public GradientCheck(string function, string parameters, Func<double[], double> primal, GradCall grad, PullbackCall pullback, Func<double[], double[]>? analytic = null)
    {
        this.function = function;
        this.parameters = parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        this.primal = primal;
        this.grad = grad;
        this.pullback = pullback;
        this.analytic = analytic;
    }

    /// <summary>Relative step of the finite differences (larger for code that rounds through float).</summary>
    public double FiniteDifferenceStep { get; init; } = FiniteDifferences.DoubleStep;

    public double FiniteDifferenceTolerance { get; init; } = FiniteDifferences.DoubleTolerance;

    public double AnalyticTolerance { get; init; } = FiniteDifferences.AnalyticTolerance;

    /// <summary>Runs every check at <paramref name="point"/> and returns the generated gradient.</summary>
    public double[] Check(params double[] point)
    {
        Assert.Equal(parameters.Length, point.Length);
        var value = primal(point);

        var gradient = Enumerable.Repeat(double.NaN, point.Length).ToArray();
        var gradValue = grad(point, gradient);
        FiniteDifferences.AssertSameBits(value, gradValue, $"{function}Grad{FiniteDifferences.FormatPoint(parameters, point)} vs {function}");

        var fd = FiniteDifferences.Gradient(primal, point, FiniteDifferenceStep);
        for (var i = 0; i < point.Length; i++)
        {
            FiniteDifferences.AssertClose(function, parameters, point, i, gradient[i], fd[i], FiniteDifferenceTolerance);
        }

        if (analytic is not null)
        {
            var exact = analytic(point);
            Assert.Equal(point.Length, exact.Length);
            for (var i = 0; i < point.Length; i++)
            {
                FiniteDifferences.AssertClose(function, parameters, point, i, gradient[i], exact[i], AnalyticTolerance, expectedLabel: "closed form");
            }
        }

        foreach (var seed in Seeds)
        {
            var before = Enumerable.Range(0, point.Length).Select(i => 10.0 - 3.0 * i).ToArray();
            var accumulated = (double[])before.Clone();
            var pullbackValue = pullback(point, seed, accumulated);
            FiniteDifferences.AssertSameBits(value, pullbackValue, $"{function}Pullback{FiniteDifferences.FormatPoint(parameters, point)} vs {function}");
            for (var i = 0; i < point.Length; i++)
            {
                // Pullback must ADD seed·∂F/∂x_i to what the slot held; compare the increment with seed·(Grad's gradient).
                var increment = accumulated[i] - before[i];
                FiniteDifferences.AssertClose(
                    $"{function}Pullback(seed {FiniteDifferences.Format(seed)}, slot pre-filled with {FiniteDifferences.Format(before[i])})",
                    parameters, point, i, increment, seed * gradient[i], AnalyticTolerance,
                    actualLabel: "slot after − before", expectedLabel: "seed·gradient");
            }
        }

        return gradient;
    }
}

/// <summary>
/// <see cref="GradientCheck"/> for float functions: finite differences of the float primal formed in double with a
/// 1e-3 relative step and compared at 1e-3; the closed form is evaluated in double at the float point and compared
/// at 1e-5; values are compared bit-for-bit as floats.
/// </summary>
public sealed class FloatGradientCheck
{
    private static readonly float[] Seeds = { 0.75f, -2.5f };

    private readonly string function;
    private readonly string[] parameters;
    private readonly Func<float[], float> primal;
    private readonly FloatGradCall grad;
    private readonly FloatPullbackCall pullback;
    private readonly Func<double[], double[]>? analytic;

    public FloatGradientCheck(string function, string parameters, Func<float[], float> primal, FloatGradCall grad, FloatPullbackCall pullback, Func<double[], double[]>? analytic = null)
    {
        this.function = function;
        this.parameters = parameters.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        this.primal = primal;
        this.grad = grad;
        this.pullback = pullback;
        this.analytic = analytic;
    }

    public double FiniteDifferenceTolerance { get; init; } = FiniteDifferences.FloatTolerance;

    public double AnalyticTolerance { get; init; } = FiniteDifferences.FloatAnalyticTolerance;

    public float[] Check(params float[] point)
    {
        Assert.Equal(parameters.Length, point.Length);
        var asDouble = point.Select(x => (double)x).ToArray();
        var value = primal(point);

        var gradient = Enumerable.Repeat(float.NaN, point.Length).ToArray();
        var gradValue = grad(point, gradient);
        FiniteDifferences.AssertSameBits(value, gradValue, $"{function}Grad{FiniteDifferences.FormatPoint(parameters, asDouble)} vs {function}");

        var fd = FiniteDifferences.Gradient(primal, point);
        for (var i = 0; i < point.Length; i++)
        {
            FiniteDifferences.AssertClose(function, parameters, asDouble, i, gradient[i], fd[i], FiniteDifferenceTolerance);
        }

        if (analytic is not null)
        {
            var exact = analytic(asDouble);
            Assert.Equal(point.Length, exact.Length);
            for (var i = 0; i < point.Length; i++)
            {
                FiniteDifferences.AssertClose(function, parameters, asDouble, i, gradient[i], exact[i], AnalyticTolerance, expectedLabel: "closed form (double)");
            }
        }

        foreach (var seed in Seeds)
        {
            var before = Enumerable.Range(0, point.Length).Select(i => 10f - 3f * i).ToArray();
            var accumulated = (float[])before.Clone();
            var pullbackValue = pullback(point, seed, accumulated);
            FiniteDifferences.AssertSameBits(value, pullbackValue, $"{function}Pullback{FiniteDifferences.FormatPoint(parameters, asDouble)} vs {function}");
            for (var i = 0; i < point.Length; i++)
            {
                var increment = (double)accumulated[i] - before[i];
                FiniteDifferences.AssertClose(
                    $"{function}Pullback(seed {FiniteDifferences.Format(seed)}, slot pre-filled with {FiniteDifferences.Format(before[i])})",
                    parameters, asDouble, i, increment, (double)seed * gradient[i], AnalyticTolerance,
                    actualLabel: "slot after − before", expectedLabel: "seed·gradient");
            }
        }

        return gradient;
    }
}
