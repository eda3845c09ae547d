using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.Loops.BranchRecordingPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// Values recorded in branches of a loop body (see <see cref="BranchRecordingPatterns"/>): gradients against central
/// finite differences, with both branches taken in varying order, and the emitted code: the placeholder pushes, no
/// function called again in the reverse where the value is recorded, and the function called again where it is not.
/// </summary>
public class BranchRecordingTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length, double scale = 1.0)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => (random.NextDouble() * 2 - 1) * scale).ToArray();
    }

    [Theory]
    [InlineData(1, 3, 5)]
    [InlineData(2, 1, 7)]
    [InlineData(3, 4, 1)]
    [InlineData(4, 0, 3)]
    public void An_online_log_sum_exp_with_an_exp_in_each_branch(int seed, int rows, int columns)
    {
        var n = rows * columns;
        new GradientCheck(
            nameof(OnlineLogSumExp), Names("x", n),
            p => OnlineLogSumExp(p, columns),
            (p, d) => OnlineLogSumExpGrad(p, columns, d),
            (p, s, d) => OnlineLogSumExpPullback(p, columns, s, d))
            .Check(RandomPoint(seed, n, 2.0));
    }

    [Theory]
    [InlineData(1, 6, 0.4)]
    [InlineData(2, 3, -0.6)]
    [InlineData(3, 8, 1.5)] // grows past the break
    [InlineData(4, 5, 0.1)]
    public void Values_in_one_branch_only_and_a_loop_left_early(int seed, int n, double x) =>
        new GradientCheck(
            nameof(OneSided), Names("w", n) + " x",
            p => OneSided(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var value = OneSidedGrad(Slice(p, 0, n), p[n], d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => OneSidedPullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Theory]
    [InlineData(1, 6, 0.5)]
    [InlineData(2, 4, -0.3)]
    public void Not_applied_to_a_value_in_a_nested_branch(int seed, int n, double x) =>
        new GradientCheck(
            nameof(NestedBranch), Names("w", n) + " x",
            p => NestedBranch(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var value = NestedBranchGrad(Slice(p, 0, n), p[n], d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => NestedBranchPullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Theory]
    [InlineData(1, 5, 0.7)]
    [InlineData(2, 3, -0.2)]
    public void Not_applied_in_a_loop_that_writes_an_array(int seed, int n, double x) =>
        new GradientCheck(
            nameof(WritesAnArray), Names("w", n) + " x",
            p => WritesAnArray(Slice(p, 0, n), p[n]),
            (p, d) =>
            {
                var value = WritesAnArrayGrad(Slice(p, 0, n), p[n], d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => WritesAnArrayPullback(Slice(p, 0, n), p[n], s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Theory]
    [InlineData(1, 9)]
    [InlineData(2, 1)]
    public void The_float_version_pushes_float_placeholders(int seed, int n)
    {
        var x = RandomPoint(seed, n, 2.0).Select(v => (float)v).ToArray();
        var dx = new float[n];
        var value = OnlineLogSumExpFloatGrad(x, dx);
        Assert.Equal(OnlineLogSumExpFloat(x), value);

        // Central differences in double on the float function, with a step float can resolve.
        const float h = 1e-2f;
        for (var i = 0; i < n; i++)
        {
            var plus = (float[])x.Clone();
            var minus = (float[])x.Clone();
            plus[i] += h;
            minus[i] -= h;
            var fd = ((double)OnlineLogSumExpFloat(plus) - OnlineLogSumExpFloat(minus)) / (plus[i] - minus[i]);
            Assert.True(Math.Abs(fd - dx[i]) <= 2e-2 * Math.Max(1, Math.Abs(fd)), $"dx[{i}] = {dx[i]}, FD {fd}");
        }
    }

    [Fact]
    public void Recorded_where_it_applies_and_computed_again_where_it_does_not()
    {
        var text = string.Join("\n", GeneratorHarness.Run(File.ReadAllText(PatternsFile())).GeneratedFiles.Select(f => f.Text));

        var online = Reverse(text, "double OnlineLogSumExpPullback(");
        Assert.DoesNotContain("global::System.Math.Exp(", online.Reverse);
        Assert.Contains("_tape.Push(0d);", online.Forward);
        Assert.Contains("_tape.Push(0f);", Reverse(text, "float OnlineLogSumExpFloatPullback(").Forward);

        var oneSided = Reverse(text, "double OneSidedPullback(");
        Assert.DoesNotContain("global::System.Math.Tanh(", oneSided.Reverse);
        Assert.DoesNotContain("BranchRecordingPatterns.Softplus(", oneSided.Reverse);

        Assert.Contains("global::System.Math.Exp(", Reverse(text, "double NestedBranchPullback(").Reverse);
        var writes = Reverse(text, "double WritesAnArrayPullback(");
        Assert.Contains("global::System.Math.Exp(", writes.Reverse);
        Assert.DoesNotContain("_tape.Push(0d);", writes.Forward);
    }

    private static (string Forward, string Reverse) Reverse(string text, string signature)
    {
        var start = text.IndexOf(signature, StringComparison.Ordinal);
        var end = text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal);
        var code = text.Substring(start, (end < 0 ? text.Length : end) - start);
        var split = code.IndexOf("// Reverse sweep", StringComparison.Ordinal);
        return (code.Substring(0, split), code.Substring(split));
    }

    private static string PatternsFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.Combine(Path.GetDirectoryName(path)!, "BranchRecordingPatterns.cs");
}
