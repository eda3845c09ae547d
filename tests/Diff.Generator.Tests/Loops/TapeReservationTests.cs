using DiffGen.Generator.Tests.Infrastructure;
using static DiffGen.Generator.Tests.Loops.TapeReservationPatterns;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// The room reserved on the tape before pushes (see <see cref="TapeReservationPatterns"/>): gradients against central
/// finite differences with enough iterations that the tape grows past its first buffer (a push without room would
/// throw), no allocation after warm-up, and the emitted code: every loop that pushes at its own level starts with a
/// reservation, no loop that pushes nothing has one, and code without a tape has none.
/// </summary>
public class TapeReservationTests
{
    private static string Names(string prefix, int count) => string.Join(" ", Enumerable.Range(0, count).Select(i => prefix + i));

    private static double[] Slice(double[] p, int start, int length) => p.Skip(start).Take(length).ToArray();

    private static double[] RandomPoint(int seed, int length)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, length).Select(_ => random.NextDouble() * 1.6 - 0.8).ToArray();
    }

    [Theory]
    [InlineData(1, 6, 40, 0.4)] // about 40 × (6 + 6 + 2) values: the tape's buffer grows twice
    [InlineData(2, 1, 3, -0.7)]
    [InlineData(3, 9, 0, 0.2)]
    [InlineData(4, 13, 25, 1.1)]
    public void Pushes_after_nested_loops_in_branches_and_past_early_exits(int seed, int n, int steps, double x) =>
        new GradientCheck(
            nameof(Layers), Names("w", n) + " x",
            p => Layers(Slice(p, 0, n), p[n], steps),
            (p, d) =>
            {
                var value = LayersGrad(Slice(p, 0, n), p[n], steps, d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => LayersPullback(Slice(p, 0, n), p[n], steps, s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());

    [Theory]
    [InlineData(1, 5, 60, 0.3)]
    [InlineData(2, 1, 2, -0.5)]
    [InlineData(3, 7, 0, 0.9)]
    public void A_callee_with_its_own_tape_called_between_pushes(int seed, int n, int steps, double x) =>
        new GradientCheck(
            nameof(CallsARecordingCallee), Names("w", n) + " x",
            p => CallsARecordingCallee(Slice(p, 0, n), p[n], steps),
            (p, d) =>
            {
                var value = CallsARecordingCalleeGrad(Slice(p, 0, n), p[n], steps, d.AsSpan(0, n), out var dx);
                d[n] = dx;
                return value;
            },
            (p, s, d) => CallsARecordingCalleePullback(Slice(p, 0, n), p[n], steps, s, d.AsSpan(0, n), ref d[n]))
            .Check(RandomPoint(seed, n).Append(x).ToArray());


    [Fact]
    public void Reserved_tapes_allocate_nothing_after_warm_up()
    {
        var w = RandomPoint(5, 8);
        var dw = new double[8];
        for (var i = 0; i < 20; i++)
        {
            LayersGrad(w, 0.3, 50, dw, out _);
            CallsARecordingCalleeGrad(w, 0.3, 50, dw, out _);
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 50; i++)
        {
            LayersGrad(w, 0.3, 50, dw, out _);
            CallsARecordingCalleeGrad(w, 0.3, 50, dw, out _);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Every_loop_that_pushes_reserves_first_and_no_other_does()
    {
        var text = string.Join("\n", GeneratorHarness.Run(File.ReadAllText(PatternsFile())).GeneratedFiles.Select(f => f.Text));
        var loops = 0;
        foreach (var method in new[] { "LayersPullback(", "CallsARecordingCalleePullback(", "LogSumExpPullback(" })
        {
            var code = Method(text, "double " + method);
            Assert.Contains("global::DiffGen.Generated.LocalTape.Rent()", code);
            Assert.DoesNotContain("Reserve(0)", code);
            foreach (var (header, body) in Loops(code))
            {
                loops++;
                var own = OwnLevel(body);
                if (own.Contains("_tape.Push(", StringComparison.Ordinal))
                {
                    Assert.StartsWith("_tape.Reserve(", body.TrimStart());
                }
                else if (!body.Contains("_tape.Push(", StringComparison.Ordinal))
                {
                    Assert.DoesNotContain("_tape.Reserve(", body);
                }
            }
        }

        Assert.True(loops >= 10, $"{loops} loops found");
        var sum = Method(text, "double SumOfSquaresPullback(");
        Assert.DoesNotContain("_tape", sum);
    }

    private static string Method(string text, string signature)
    {
        var start = text.IndexOf(signature, StringComparison.Ordinal);
        var end = text.IndexOf("[global::System.CodeDom", start, StringComparison.Ordinal);
        return text.Substring(start, (end < 0 ? text.Length : end) - start);
    }

    /// <summary>Every <c>while</c> and reverse <c>for</c> loop of the code: its header and the text between its braces.</summary>
    private static IEnumerable<(string Header, string Body)> Loops(string code)
    {
        foreach (var keyword in new[] { "while (", "for (int _k" })
        {
            for (var at = code.IndexOf(keyword, StringComparison.Ordinal); at >= 0; at = code.IndexOf(keyword, at + 1, StringComparison.Ordinal))
            {
                var open = code.IndexOf('{', at);
                yield return (code.Substring(at, open - at), code.Substring(open + 1, Close(code, open) - open - 1));
            }
        }
    }

    /// <summary>The body without its nested loops' bodies.</summary>
    private static string OwnLevel(string body)
    {
        var own = new System.Text.StringBuilder();
        var at = 0;
        while (true)
        {
            var next = new[] { body.IndexOf("while (", at, StringComparison.Ordinal), body.IndexOf("for (int _k", at, StringComparison.Ordinal) }.Where(i => i >= 0).DefaultIfEmpty(-1).Min();
            if (next < 0)
            {
                return own.Append(body, at, body.Length - at).ToString();
            }

            own.Append(body, at, next - at);
            at = Close(body, body.IndexOf('{', next)) + 1;
        }
    }

    private static int Close(string code, int open)
    {
        var depth = 0;
        for (var i = open; i < code.Length; i++)
        {
            depth += code[i] == '{' ? 1 : code[i] == '}' ? -1 : 0;
            if (depth == 0)
            {
                return i;
            }
        }

        return code.Length - 1;
    }

    private static string PatternsFile([System.Runtime.CompilerServices.CallerFilePath] string path = "")
        => Path.Combine(Path.GetDirectoryName(path)!, "TapeReservationPatterns.cs");
}
