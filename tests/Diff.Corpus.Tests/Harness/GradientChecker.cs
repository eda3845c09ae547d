using System.Globalization;
using System.Reflection;

namespace DiffGen.Corpus.Tests.Harness;

/// <summary>
/// Checks one generated method against its primal at automatically chosen points: Grad's value bit for bit, each
/// gradient component against central differences at two steps (flagged only where the two agree with each other
/// and both disagree with the generated value), Pullback's value and that it adds.
/// </summary>
public sealed class GradientChecker
{
    /// <summary>Candidate values for real parameters, tried in turn (each parameter starts at a different offset).</summary>
    public static readonly double[] RealCandidates =
        { 0.3, 0.7, 1.3, 2.5, 4.1, -0.6, 0.45, 1.9, 3.3, -1.7, 0.15, 6.2, 0.9, -2.9, 8.5, 0.05, 12.0, 0.55, 1.1, -0.25 };

    /// <summary>Candidate values for integer parameters: small and positive (an order, a count, an index below 5).</summary>
    public static readonly double[] IntegerCandidates = { 3, 2, 4, 1, 5, 3, 2 };

    public const int ArrayLength = 5;
    public const int WantedPoints = 3;
    public const int MaxTries = 40;

    private readonly MethodPlan plan;
    private readonly Func<double[][], double> primal;
    private readonly Func<double[][], double[][], double> grad;
    private readonly Func<double[][], double, double[][], double> pullback;
    private readonly IReadOnlyDictionary<string, double[]>? domain;
    private readonly string? finiteDifferencesOff;

    public GradientChecker(MethodPlan plan, MethodInfo p, MethodInfo g, MethodInfo b, IReadOnlyDictionary<string, double[]>? domain, string? finiteDifferencesOff = null)
    {
        this.finiteDifferencesOff = finiteDifferencesOff;
        this.plan = plan;
        primal = p.CreateDelegate<Func<double[][], double>>();
        grad = g.CreateDelegate<Func<double[][], double[][], double>>();
        pullback = b.CreateDelegate<Func<double[][], double, double[][], double>>();
        this.domain = domain;
    }

    private bool IsFloat => plan.ReturnsFloat;

    /// <summary>Runs every check and sets the method's outcome.</summary>
    public void Run()
    {
        var result = plan.Result;
        var points = ChoosePoints();
        result.Points = points.Count;
        if (points.Count == 0)
        {
            result.Outcome = Outcome.NoDomain;
            result.Detail = "no candidate point gave a finite value; add a line to corpus-domains.txt";
            return;
        }

        // A method that is not a function of its arguments (it draws from a generator's global state, say) has no
        // gradient to check: the primal itself gives another value when called again.
        var (firstPoint, firstValue) = points[0];
        if (!SameBits(firstValue, primal(Clone(firstPoint))))
        {
            result.Outcome = Outcome.Unverified;
            result.Detail = $"not checked: the primal is not deterministic (two calls at {Format(firstPoint)} gave different values)";
            return;
        }

        string? valueProblem = null;
        string? gradientProblem = null;
        var comparisons = 0;
        var skipped = 0;
        foreach (var (point, value) in points)
        {
            var g = Shape(point);
            double gradValue;
            try
            {
                gradValue = grad(Clone(point), g);
            }
            catch (Exception e)
            {
                valueProblem ??= $"Grad threw {Unwrap(e).GetType().Name} at {Format(point)} where the primal returned {F(value)}: {Unwrap(e).Message}";
                continue;
            }

            if (!SameBits(value, gradValue))
            {
                valueProblem ??= $"Grad returned {F(gradValue)}, the primal {F(value)} at {Format(point)}";
            }

            // Pullback: starts from the gradient, seed 2, so the buffers must end at 3× the gradient.
            var acc = Clone(g);
            try
            {
                var pullValue = pullback(Clone(point), 2.0, acc);
                if (!SameBits(value, pullValue))
                {
                    valueProblem ??= $"Pullback returned {F(pullValue)}, the primal {F(value)} at {Format(point)}";
                }

                var scale = Components(point).Select(c => Math.Abs(g[c.Param][c.Element])).Where(double.IsFinite).DefaultIfEmpty(0).Max();
                foreach (var (i, e) in Components(point))
                {
                    var expected = 3.0 * g[i][e];
                    if (double.IsFinite(expected) && !(Math.Abs(acc[i][e] - expected) <= (IsFloat ? 1e-5 : 1e-12) * (Math.Abs(expected) + scale + Math.Max(1.0, Math.Abs(value)))))
                    {
                        gradientProblem ??= $"Pullback does not add: ∂/∂{Component(i, e)} at {Format(point)}: gradient {F(g[i][e])}, after Pullback(seed 2) from it {F(acc[i][e])}, expected {F(expected)}";
                    }
                }
            }
            catch (Exception e)
            {
                valueProblem ??= $"Pullback threw {Unwrap(e).GetType().Name} at {Format(point)}: {Unwrap(e).Message}";
            }

            if (finiteDifferencesOff is not null)
            {
                continue;
            }

            foreach (var (i, e) in Components(point))
            {
                var verdict = Compare(point, value, i, e, g[i][e], out var message);
                if (verdict == Verdict.Agree)
                {
                    comparisons++;
                }
                else if (verdict == Verdict.Wrong)
                {
                    comparisons++;
                    gradientProblem ??= message;
                }
                else
                {
                    skipped++;
                }
            }
        }

        result.Comparisons = comparisons;
        if (valueProblem is not null)
        {
            result.Outcome = Outcome.ValueMismatch;
            result.Detail = valueProblem;
        }
        else if (gradientProblem is not null)
        {
            result.Outcome = Outcome.WrongGradient;
            result.Detail = gradientProblem;
        }
        else if (finiteDifferencesOff is not null)
        {
            result.Outcome = Outcome.Unverified;
            result.Detail = $"{points.Count} points, values and Pullback checked; finite differences off: {finiteDifferencesOff}";
        }
        else if (comparisons == 0 && skipped > 0)
        {
            result.Outcome = Outcome.Unverified;
            result.Detail = $"{points.Count} points; the two finite differences never agreed ({skipped} components)";
        }
        else
        {
            result.Outcome = Outcome.Ok;
            result.Detail = $"{points.Count} points, {comparisons} components checked" + (skipped > 0 ? $", {skipped} skipped (finite differences disagree)" : "");
        }
    }

    private enum Verdict
    {
        Agree,
        Wrong,
        Skip,
    }

    /// <summary>
    /// Central differences at h and a smaller step; a component is judged only where both are finite and agree with
    /// each other (so kinks, branches and noisy functions are skipped), and wrong only where both disagree with g.
    /// </summary>
    private Verdict Compare(double[][] point, double value, int i, int e, double g, out string message)
    {
        message = "";
        var x = point[i][e];
        var steps = IsFloat ? FloatSteps : DoubleSteps;
        var agreeTolerance = IsFloat ? 1e-2 : 1e-5;
        var tolerance = IsFloat ? 3e-2 : 1e-4;
        var absolute = (IsFloat ? 1e-5 : 1e-10) * Math.Max(1.0, Math.Abs(value));
        double previous = double.NaN, previousNoise = 0, previousStep = 0;
        for (var k = 0; k < steps.Length; k++)
        {
            var h = steps[k] * Math.Max(1.0, Math.Abs(x));
            if (!Difference(point, i, e, h, value, out var fd, out var noise))
            {
                previous = double.NaN;
                continue;
            }

            if (k > 0 && double.IsFinite(previous)
                && Math.Abs(previous - fd) <= agreeTolerance * Math.Max(Math.Abs(previous), Math.Abs(fd)) + noise + previousNoise)
            {
                // Two consecutive steps agree: judge g against them.
                var slack = 10 * (noise + previousNoise) + 10 * Math.Abs(previous - fd) + absolute;
                bool Close(double d) => Math.Abs(g - d) <= tolerance * Math.Max(Math.Abs(g), Math.Abs(d)) + slack;
                if (double.IsFinite(g) && (Close(previous) || Close(fd)))
                {
                    return Verdict.Agree;
                }

                message = $"∂/∂{Component(i, e)} at {Format(point)}: generated {F(g)}, central differences {F(previous)} (h={F(previousStep)}) and {F(fd)} (h={F(h)})";
                return Verdict.Wrong;
            }

            previous = fd;
            previousNoise = noise;
            previousStep = h;
        }

        return Verdict.Skip;
    }

    /// <summary>Relative steps tried in turn; the first two consecutive ones that agree decide.</summary>
    private static readonly double[] DoubleSteps = { 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9 };

    private static readonly double[] FloatSteps = { 1e-2, 2.5e-3, 6.25e-4 };

    private bool Difference(double[][] point, int i, int e, double h, double value, out double fd, out double noise)
    {
        fd = noise = double.NaN;
        var plus = Clone(point);
        var minus = Clone(point);
        var x = point[i][e];
        if (IsFloat)
        {
            plus[i][e] = (float)(x + h);
            minus[i][e] = (float)(x - h);
        }
        else
        {
            plus[i][e] = x + h;
            minus[i][e] = x - h;
        }

        if (!TryPrimal(plus, out var fp) || !TryPrimal(minus, out var fm))
        {
            return false;
        }

        var step = plus[i][e] - minus[i][e];
        fd = (fp - fm) / step;
        var eps = IsFloat ? 6e-8 : 1.1e-16;
        noise = 64 * eps * Math.Max(Math.Abs(value), Math.Max(Math.Abs(fp), Math.Abs(fm))) / step;
        return double.IsFinite(fd);
    }

    private bool TryPrimal(double[][] point, out double value)
    {
        try
        {
            value = primal(Clone(point));
            return double.IsFinite(value);
        }
        catch
        {
            value = double.NaN;
            return false;
        }
    }

    /// <summary>Up to <see cref="WantedPoints"/> points where the primal returns a finite value without throwing.</summary>
    private List<(double[][] Point, double Value)> ChoosePoints()
    {
        var found = new List<(double[][], double)>();
        foreach (var length in ArrayLengths)
        {
            arrayLength = length;
            found = ChoosePoints(length);
            if (found.Count > 0 || plan.Params.All(p => p.Kind is not (ParamKind.RealArray or ParamKind.IntegerArray or ParamKind.RealMatrix or ParamKind.RealJagged)))
            {
                break;
            }
        }

        return found;
    }

    /// <summary>Array lengths tried in turn: 5, then 12 and 16 for code that indexes fixed-size arrays (matrices, points).</summary>
    private static readonly int[] ArrayLengths = { ArrayLength, 12, 16 };

    private int arrayLength = ArrayLength;

    private List<(double[][] Point, double Value)> ChoosePoints(int length)
    {
        var found = new List<(double[][], double)>();
        var seen = new HashSet<string>();
        var random = new Random(StableHash(plan.Result.Key) + length);
        for (var k = 0; k < MaxTries && found.Count < WantedPoints; k++)
        {
            var point = MakePoint(k, random);
            if (!seen.Add(Format(point)))
            {
                continue;
            }

            if (TryPrimal(point, out var value))
            {
                found.Add((point, value));
            }
        }

        return found;
    }

    private double[][] MakePoint(int k, Random random)
    {
        var point = new double[plan.Params.Length][];
        for (var i = 0; i < plan.Params.Length; i++)
        {
            var p = plan.Params[i];
            double[]? overrideValues = null;
            domain?.TryGetValue(p.Name, out overrideValues);
            point[i] = p.Kind switch
            {
                ParamKind.Real => new[] { Round(p, overrideValues is { Length: > 0 } ? overrideValues[k % overrideValues.Length] : RealCandidates[(k + 3 * i) % RealCandidates.Length]) },
                ParamKind.Integer => new[] { overrideValues is { Length: > 0 } ? overrideValues[k % overrideValues.Length] : IntegerCandidates[(k + i) % IntegerCandidates.Length] },
                ParamKind.IntegerArray => overrideValues is { Length: > 0 }
                    ? overrideValues
                    : Enumerable.Range(0, arrayLength).Select(_ => (double)random.Next(0, 4)).ToArray(),
                ParamKind.Bool => new[] { overrideValues is { Length: > 0 } ? overrideValues[k % overrideValues.Length] : (k + i) % 2 },
                ParamKind.Struct => p.Fields.Select((_, f) => Round(p, RealCandidates[(k + 3 * i + 2 * f) % RealCandidates.Length])).ToArray(),
                _ => overrideValues is { Length: > 0 }
                    ? overrideValues.Select(x => Round(p, x)).ToArray()
                    : Enumerable.Range(0, arrayLength).Select(_ => Round(p, 0.2 + 1.6 * random.NextDouble())).ToArray(),
            };
        }

        return point;
    }

    private static double Round(ParamPlan p, double x) => p.IsFloat ? (float)x : x;

    private IEnumerable<(int Param, int Element)> Components(double[][] point)
    {
        for (var i = 0; i < plan.Params.Length; i++)
        {
            if (!plan.Params[i].Active)
            {
                continue;
            }

            for (var e = 0; e < point[i].Length; e++)
            {
                yield return (i, e);
            }
        }
    }

    private double[][] Shape(double[][] point) => point.Select(a => new double[a.Length]).ToArray();

    private static double[][] Clone(double[][] point) => point.Select(a => (double[])a.Clone()).ToArray();

    private static bool SameBits(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    private string Component(int i, int e) => plan.Params[i].Kind switch
    {
        ParamKind.RealArray => $"{plan.Params[i].Name}[{e}]",
        ParamKind.RealMatrix or ParamKind.RealJagged => $"{plan.Params[i].Name} element {e} (row-major)",
        ParamKind.Struct => $"{plan.Params[i].Name}.{plan.Params[i].Fields[e]}",
        _ => plan.Params[i].Name,
    };

    private string Format(double[][] point)
        => "(" + string.Join(", ", plan.Params.Select((p, i) => p.Name + " = " + (p.Kind is ParamKind.RealArray or ParamKind.IntegerArray or ParamKind.Struct or ParamKind.RealMatrix or ParamKind.RealJagged ? "{" + string.Join(", ", point[i].Select(F)) + "}" : F(point[i][0])))) + ")";

    private static string F(double x) => x.ToString("G9", CultureInfo.InvariantCulture);

    private static Exception Unwrap(Exception e) => e is TargetInvocationException { InnerException: { } inner } ? inner : e;

    private static int StableHash(string s)
    {
        unchecked
        {
            var h = 17;
            foreach (var c in s)
            {
                h = h * 31 + c;
            }

            return h & 0x7fffffff;
        }
    }
}
