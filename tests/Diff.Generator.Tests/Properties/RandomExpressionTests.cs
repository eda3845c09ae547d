using System.Globalization;
using System.Reflection;
using System.Text;
using CsCheck;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Properties;

/// <summary>
/// Property: for random programs built from + − × ÷ and the unary functions (each composed so that its argument
/// stays inside its domain), the generated gradient matches central finite differences at random points and the
/// generated value equals the primal bit for bit. CsCheck shrinks a failure to a small program.
/// </summary>
public class RandomExpressionTests
{
    private const int ProgramsPerCompilation = 8;

    // Unary functions applied so the argument is always inside the domain and away from kinks.
    private static readonly string[] Unary =
    {
        "Math.Sin({0})", "Math.Cos({0})", "Math.Tan(0.5 * Math.Tanh({0}))", "Math.Tanh({0})", "Math.Atan({0})",
        "Math.Exp(Math.Tanh({0}))", "Math.Log(1 + ({0}) * ({0}))", "Math.Sqrt(1 + ({0}) * ({0}))", "(-({0}))",
        "Math.Asin(0.9 * Math.Tanh({0}))", "Math.Acos(0.9 * Math.Tanh({0}))", "Math.Sinh(Math.Tanh({0}))",
        "Math.Cosh(Math.Tanh({0}))", "Math.Asinh({0})", "Math.Acosh(1.5 + ({0}) * ({0}))", "Math.Atanh(0.9 * Math.Tanh({0}))",
        "Math.Log10(2 + Math.Sin({0}))", "Math.Log2(2 + Math.Cos({0}))", "Math.Cbrt(2 + ({0}) * ({0}))",
        "Math.Pow(1.5 + ({0}) * ({0}), 0.7)", "Math.Pow(2 + Math.Sin({0}), Math.Cos({0}))",
    };

    private static Gen<string> Leaf(string[] variables)
        => Gen.OneOf(
            Gen.OneOfConst(variables),
            Gen.Double[-2, 2].Select(d => "(" + Math.Round(d, 3).ToString("R", CultureInfo.InvariantCulture) + ")"));

    private static Gen<string> Expression(int depth, string[] variables)
    {
        if (depth == 0)
        {
            return Leaf(variables);
        }

        var binary = Gen.Select(Gen.Int[0, 3], Expression(depth - 1, variables), Expression(depth - 1, variables), (op, a, b) => op switch
        {
            0 => $"({a} + {b})",
            1 => $"({a} - {b})",
            2 => $"({a} * {b})",
            _ => $"({a} / (1.5 + {b} * {b}))",
        });
        var unary = Gen.Select(Gen.Int[0, Unary.Length - 1], Expression(depth - 1, variables), (f, a) => string.Format(CultureInfo.InvariantCulture, Unary[f], a));
        return Gen.OneOf(Leaf(variables), binary, unary);
    }

    /// <summary>A straight-line program: a local, a compound assignment that reads it, and a result.</summary>
    private static readonly Gen<string> Body = Gen.Select(
        Expression(3, new[] { "x", "y" }),
        Expression(2, new[] { "t", "x" }),
        Expression(3, new[] { "t", "y", "x" }),
        (first, second, result) => $"{{ double t = {first}; t *= {second}; return {result}; }}");

    private static readonly Gen<(string[] Bodies, double[] Points)> Cases = Gen.Select(Body.Array[ProgramsPerCompilation], Gen.Double[-1.5, 1.5].Array[6]);

    /// <summary>12 compilations (96 programs) from a new seed each run: what CI's time allows, exploring over runs.</summary>
    [Fact]
    public void Random_programs_match_finite_differences()
        => Property.Sample(Cases, c => Check(c.Bodies, c.Points), iter: 12, test: nameof(RandomExpressionTests));

    /// <summary>
    /// Every seed that ever failed, replayed every run (a seed names a case of the generators above as they are: a
    /// change to them changes what an old seed draws, so keep a real bug's program as its own test too).
    /// 1s8XLZvkbzR1: found when Tanh's rule was deliberately made 1 + 1e-4 − t² (checking that a failure prints a
    /// replayable seed); its program differentiates through Math.Tanh. No real bug has been found by this property
    /// (20,000 programs sampled once, December 2026).
    /// </summary>
    [Theory]
    [MemberData(nameof(SeedsThatOnceFailed))]
    public void Programs_that_once_failed(string seed) => Property.Replay(Cases, c => Check(c.Bodies, c.Points), seed);

    public static TheoryData<string> SeedsThatOnceFailed() => new()
    {
        "1s8XLZvkbzR1",
    };

    private static void Check(string[] bodies, double[] points)
    {
        var source = new StringBuilder("using System;\nusing DiffGen;\npublic static partial class Random\n{\n");
        for (var i = 0; i < bodies.Length; i++)
        {
            source.Append($"    [Differentiable] public static double P{i}(double x, double y)\n    {bodies[i]}\n");
        }

        var type = GeneratorHarness.Run(source.Append("}\n").ToString()).Load().GetType("Random")!;
        for (var i = 0; i < bodies.Length; i++)
        {
            var primal = type.GetMethod("P" + i)!;
            var grad = type.GetMethod("P" + i + "Grad")!;
            for (var p = 0; p + 1 < points.Length; p += 2)
            {
                var (x, y) = (points[p], points[p + 1]);
                var arguments = new object?[] { x, y, null, null };
                var value = (double)grad.Invoke(null, arguments)!;
                Assert.Equal((double)primal.Invoke(null, new object[] { x, y })!, value);
                if (!double.IsFinite(value))
                {
                    continue;
                }

                AssertClose(bodies[i], "x", (double)arguments[2]!, Central(primal, x, y, 0), x, y);
                AssertClose(bodies[i], "y", (double)arguments[3]!, Central(primal, x, y, 1), x, y);
            }
        }
    }

    private static double Central(MethodInfo primal, double x, double y, int index)
    {
        var h = 1e-6 * Math.Max(1, Math.Abs(index == 0 ? x : y));
        double F(double dx, double dy) => (double)primal.Invoke(null, new object[] { x + dx, y + dy })!;
        return index == 0 ? (F(h, 0) - F(-h, 0)) / (2 * h) : (F(0, h) - F(0, -h)) / (2 * h);
    }

    private static void AssertClose(string body, string parameter, double generated, double numeric, double x, double y)
    {
        Assert.True(
            Math.Abs(generated - numeric) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
            $"∂/∂{parameter} of {body} at x={x:R}, y={y:R}: generated {generated:R}, finite differences {numeric:R}");
    }
}
