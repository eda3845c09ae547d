using System.Reflection;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// Pins the text emitted for <c>[TapeOp]</c> methods (the <c>*.TapeOps.g.cs</c> file beside the gradients' file), as
/// <see cref="EmittedCodeTests"/> does for gradients. The program must compile without errors or warnings, and each
/// op is run on a GradientTape before its text is compared (<see cref="CheckOp"/>).
/// </summary>
public class TapeOpEmittedCodeTests
{
    [Fact]
    public void ElementwiseOps()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            namespace Custom;
            public static partial class MyOps
            {
                [Differentiable, TapeOp]
                public static float Swish(float x) => x / (1f + MathF.Exp(-x));

                [Differentiable, TapeOp]
                internal static float SoftClip(float x, [NoDerivative] float limit, int power, bool flip)
                    => (flip ? -limit : limit) * MathF.Tanh(MathF.Pow(x / limit, power));
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var ops = run.Load().GetType("Custom.MyOps")!;
        CheckElementwise(ops, "Swish");
        CheckElementwise(ops, "SoftClip", 1.5f, 3, true);
        var text = string.Join("\n", run.GeneratedFiles.Where(f => f.HintName.EndsWith(".TapeOps.g.cs", StringComparison.Ordinal)).OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text);
    }

    /// <summary>
    /// A vectorised op with a conditional on the element (both sides on every lane, each assignment kept in its own
    /// lanes by a mask), a rule's conditional (Max's derivative) and float, int and bool constants broadcast to lanes.
    /// </summary>
    [Fact]
    public void VectorizedOpWithALaneConditionalAndConstants()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            namespace Custom;
            public static partial class MyOps
            {
                [Differentiable, TapeOp]
                public static float ScaledLeaky(float x, [NoDerivative] float slope, int scale, bool flip)
                    => (x > 0f ? x : slope * MathF.Max(x, -4f)) * (flip ? -scale : scale);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var ops = run.Load().GetType("Custom.MyOps")!;
        CheckElementwise(ops, "ScaledLeaky", 0.25f, 3, false);
        CheckElementwise(ops, "ScaledLeaky", 0.25f, 2, true);
        var text = string.Join("\n", run.GeneratedFiles.Where(f => f.HintName.EndsWith(".TapeOps.g.cs", StringComparison.Ordinal)).OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Assert.Contains("LiftedOps.VectorizedElementwise(", text);
        Snapshot.Verify(text);
    }

    [Fact]
    public void SpanOps()
    {
        var run = GeneratorHarness.Run("""
            using System;
            using DiffGen;
            namespace Custom;
            public static partial class MyRows
            {
                [Differentiable, TapeOp]
                public static float SoftNorm(ReadOnlySpan<float> row, [NoDerivative] float epsilon)
                {
                    var sum = 0f;
                    for (var i = 0; i < row.Length; i++)
                    {
                        sum += row[i] * row[i];
                    }

                    return MathF.Sqrt(sum + epsilon);
                }

                [Differentiable, TapeOp]
                public static float SquaredError([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred)
                {
                    var sum = 0f;
                    for (var i = 0; i < yPred.Length; i++)
                    {
                        var e = yPred[i] - yTrue[i];
                        sum += e * e;
                    }

                    return sum / yPred.Length;
                }

                [Differentiable, TapeOp]
                public static float ScaledError([NoDerivative] ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, [NoDerivative] float scale, int power)
                {
                    var sum = 0f;
                    for (var i = 0; i < yPred.Length; i++)
                    {
                        sum += MathF.Pow(scale * (yPred[i] - yTrue[i]), power);
                    }

                    return sum;
                }

                [Differentiable, TapeOp]
                internal static float TanhUnit(ReadOnlySpan<float> weights, ReadOnlySpan<float> input)
                {
                    var sum = weights[input.Length];
                    for (var i = 0; i < input.Length; i++)
                    {
                        sum += weights[i] * input[i];
                    }

                    return MathF.Tanh(sum);
                }
            }

            // Reflection cannot pass spans: the probe calls the methods through arrays.
            public static class Probe
            {
                public static float SoftNorm(float[] row, float epsilon) => MyRows.SoftNorm(row, epsilon);
                public static float SquaredError(float[] yTrue, float[] yPred) => MyRows.SquaredError(yTrue, yPred);
                public static float ScaledError(float[] yTrue, float[] yPred, float scale, int power) => MyRows.ScaledError(yTrue, yPred, scale, power);
                public static float TanhUnit(float[] weights, float[] input) => MyRows.TanhUnit(weights, input);
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var program = run.Load();
        var rows = program.GetType("Custom.MyRows")!;
        var probe = program.GetType("Custom.Probe")!;
        float Primal(string name, params object[] arguments) => (float)probe.GetMethod(name)!.Invoke(null, arguments)!;
        var yTrue = Points(3 * 4, offset: 0.25);

        CheckOp(
            x => Op(rows, "SoftNorm", x[0], 0.25f),
            [Points(3 * 4, offset: 0)],
            x => Rows(x[0], 4).Select(row => Primal("SoftNorm", row, 0.25f)).ToArray());
        CheckOp(
            x => Op(rows, "SquaredError", yTrue, x[0]),
            [Points(3 * 4, offset: -0.5)],
            x => Rows(x[0], 4).Zip(Rows(yTrue, 4), (pred, truth) => Primal("SquaredError", truth, pred)).ToArray());
        CheckOp(
            x => Op(rows, "ScaledError", yTrue, x[0], 0.5f, 2),
            [Points(3 * 4, offset: -0.5)],
            x => Rows(x[0], 4).Zip(Rows(yTrue, 4), (pred, truth) => Primal("ScaledError", truth, pred, 0.5f, 2)).ToArray());
        CheckOp(
            x => Op(rows, "TanhUnit", x[0], x[1]),
            [Points(2 * 5, offset: 0.125, scale: 0.25), Points(3 * 4, offset: -0.25, scale: 0.5)],
            x => Rows(x[1], 4).SelectMany(input => Rows(x[0], 5).Select(unit => Primal("TanhUnit", unit, input))).ToArray(),
            shapes: [[2, 5], [3, 4]]);
        var text = string.Join("\n", run.GeneratedFiles.Where(f => f.HintName.EndsWith(".TapeOps.g.cs", StringComparison.Ordinal)).OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text);
    }

    /// <summary>
    /// Points that are multiples of 1/64 below 4 in size, so that x ± 1/32 and x ± 1/64 are exact floats; by default
    /// eleven, none 0 (ScaledLeaky's kink), filling one Vector256 of lanes and a tail.
    /// </summary>
    private static float[] Points(int count = 11, double offset = 0.0625, double scale = 0.375)
        => Enumerable.Range(0, count).Select(i => (float)(((i - (count / 2)) * scale) + offset)).ToArray();

    private static IEnumerable<float[]> Rows(float[] data, int width) => data.Chunk(width);

    private static Tensor Op(Type type, string name, params object[] arguments)
    {
        var tensors = arguments.Select(a => a is float[] data ? Tensor.From(data, data.Length / 4, 4) : a).ToArray();
        return (Tensor)type.GetMethod(name + "Op", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!.Invoke(null, tensors)!;
    }

    /// <summary>An elementwise op: <c>{name}Op(x, constants…)</c> against <c>{name}(x, constants…)</c> on every element.</summary>
    private static void CheckElementwise(Type type, string name, params object[] constants)
    {
        var primal = type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        var op = type.GetMethod(name + "Op", BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static)!;
        CheckOp(
            x => (Tensor)op.Invoke(null, [x[0], .. constants])!,
            [Points()],
            x => x[0].Select(v => (float)primal.Invoke(null, [v, .. constants])!).ToArray(),
            shapes: [[11]]);
    }

    /// <summary>
    /// Runs an op on a GradientTape: its values are the method's (<paramref name="expected"/>), bit for bit, and the
    /// tape's gradient of Σ w·op (fixed weights, exact in float) with respect to each input matches extrapolated
    /// central differences of that sum, computed in double from the op's forward values (just held to the method's).
    /// Inputs default to shape (rows, 4).
    /// </summary>
    private static void CheckOp(Func<Tensor[], Tensor> op, float[][] inputs, Func<float[][], float[]> expected, int[][]? shapes = null)
    {
        var inputShapes = shapes ?? inputs.Select(x => new[] { x.Length / 4, 4 }).ToArray();
        Tensor[] Tensors(float[][] x) => x.Select((data, i) => Tensor.From((float[])data.Clone(), inputShapes[i])).ToArray();

        var output = op(Tensors(inputs));
        var values = output.ToArray();
        Assert.Equal(expected(inputs).Select(BitConverter.SingleToInt32Bits), values.Select(BitConverter.SingleToInt32Bits));

        var weights = values.Select((_, k) => 0.5f + (0.25f * (k % 5))).ToArray();
        double Sum(float[][] x) => op(Tensors(x)).ToArray().Select((v, k) => (double)weights[k] * v).Sum();
        // One element moves at most three outputs here (a TanhUnit weight: its unit in each of the three rows), and
        // only those differ between Sum(x + h) and Sum(x − h): float rounding enters through them alone.
        var magnitude = 3 * values.Select((v, k) => Math.Abs((double)weights[k] * v)).Max();

        var tensors = Tensors(inputs);
        Tensor?[] gradients;
        using (var tape = new GradientTape())
        {
            foreach (var t in tensors)
            {
                tape.Watch(t);
            }

            var y = op(tensors);
            gradients = tape.Gradient(y, tensors, outputGradients: Tensor.From(weights, y.Shape));
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            var gradient = gradients[i]?.ToArray() ?? throw new InvalidOperationException($"no gradient for input {i}");
            for (var e = 0; e < inputs[i].Length; e++)
            {
                var (input, element) = (i, e);
                double Shifted(double at)
                {
                    var x = inputs.Select(a => (float[])a.Clone()).ToArray();
                    x[input][element] = (float)at;
                    return Sum(x);
                }

                var numeric = Richardson.Derivative(Shifted, inputs[i][e], Richardson.FloatStep);
                var tolerance = Richardson.Tolerance(magnitude, numeric, Richardson.FloatStep, Math.Pow(2, -23));
                Assert.True(
                    Math.Abs(gradient[e] - numeric) <= tolerance,
                    $"input {i}, element {e} (= {inputs[i][e]}): tape gradient {gradient[e]:R}, extrapolated central differences {numeric:R} (allowed {tolerance:E2})");
            }
        }
    }
}
