using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// Pins the text emitted for <c>[TapeOp]</c> methods (the <c>*.TapeOps.g.cs</c> file beside the gradients' file), as
/// <see cref="EmittedCodeTests"/> does for gradients. The program must compile without errors or warnings.
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
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var text = string.Join("\n", run.GeneratedFiles.Where(f => f.HintName.EndsWith(".TapeOps.g.cs", StringComparison.Ordinal)).OrderBy(f => f.HintName, StringComparer.Ordinal).Select(f => "// File: " + f.HintName + "\n" + f.Text));
        Snapshot.Verify(text);
    }
}
