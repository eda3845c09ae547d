using System.Globalization;
using System.Reflection;
using System.Text;
using CsCheck;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Properties;

/// <summary>
/// Property: for random loop programs <c>double P(double[] v, double x)</c> — an accumulator s (added to, scaled, and
/// read nonlinearly), a carried scalar r that is overwritten every iteration, body temporaries, bool flags, an integer
/// index m carried across iterations, and partial sums over an inner loop, in for (from 0, from 1, stride 2,
/// reversed)/foreach/while/do loops nested up to depth 2 (inner loops over all of v or triangular), with if/else, ?:,
/// continue, break and early return under counter conditions — every entry of the generated gradient (dv and dx)
/// matches central finite differences at random points, the generated value equals the primal bit for bit, the input
/// is never written, and Pullback adds seed·gradient into pre-filled buffers.
/// Branch conditions only look at loop counters and v.Length, never at data, so finite differences never cross a
/// branch; every update of a carried scalar is a contraction (or has ∂/∂itself near 1) and every product is by a factor
/// in [0.9, 1.1], so values and derivatives stay bounded and finite differences accurate (observed worst relative
/// error about 1e-8 against the 1e-5 tolerance). One compilation per CsCheck sample holds several programs, since
/// compiling is the slow part; a failure shows the program and the point.
/// </summary>
public class RandomLoopProgramTests
{
    private const int ProgramsPerCompilation = 6;
    private const int PointsPerProgram = 3;

    // Unary functions applied so the argument is always inside the domain and away from kinks.
    private static readonly string[] Unary =
    {
        "Math.Sin({0})", "Math.Cos({0})", "Math.Tanh({0})", "Math.Atan({0})", "Math.Exp(Math.Tanh({0}))",
        "Math.Log(1 + ({0}) * ({0}))", "Math.Sqrt(1 + ({0}) * ({0}))", "(-({0}))",
    };

    /// <summary>What a statement may read at one point of a program.</summary>
    /// <param name="Loop">Index of the top-level loop (names its counters, elements and temporaries).</param>
    /// <param name="Level">0 outside loops, 1 in an outer loop body, 2 in an inner loop body.</param>
    /// <param name="Counters">Integer loop counters in scope, outermost first.</param>
    /// <param name="Data">Values that do not depend on a carried scalar: x, array reads, foreach elements.</param>
    /// <param name="Carried">Values that may: r and the body temporaries.</param>
    /// <param name="Partial">In an inner loop body: a partial sum declared in the outer body, or null.</param>
    /// <param name="Flags">bool locals holding counter conditions.</param>
    /// <param name="NoContinue">The loop steps its counter at the bottom of the body, where continue would skip it.</param>
    private sealed record Scope(int Loop, int Level, string[] Counters, string[] Data, string[] Carried, string? Partial = null, string[]? Flags = null, bool NoContinue = false)
    {
        public string[] All => Data.Concat(Carried).ToArray();
    }

    private static string Literal(double d) => "(" + Math.Round(d, 3).ToString("R", CultureInfo.InvariantCulture) + ")";

    private static Gen<string> Leaf(string[] variables, string[] counters)
    {
        var variable = Gen.OneOfConst(variables);
        var constant = Gen.Double[-2, 2].Select(Literal);
        return counters.Length == 0
            ? Gen.Frequency<string>((4, variable), (1, constant))
            // A passive integer counter converted to double inside an active expression.
            : Gen.Frequency<string>((6, variable), (1, constant), (1, Gen.OneOfConst(counters.Append("v.Length").ToArray()).Select(c => $"(0.25 * {c})")));
    }

    private static Gen<string> Expression(int depth, string[] variables, string[] counters)
    {
        if (depth == 0)
        {
            return Leaf(variables, counters);
        }

        var binary = Gen.Select(Gen.Int[0, 3], Expression(depth - 1, variables, counters), Expression(depth - 1, variables, counters), (op, a, b) => op switch
        {
            0 => $"({a} + {b})",
            1 => $"({a} - {b})",
            2 => $"({a} * {b})",
            _ => $"({a} / (1.5 + {b} * {b}))",
        });
        var unary = Gen.Select(Gen.Int[0, Unary.Length - 1], Expression(depth - 1, variables, counters), (f, a) => string.Format(CultureInfo.InvariantCulture, Unary[f], a));
        return Gen.OneOf(Leaf(variables, counters), binary, unary);
    }

    private static Gen<string> Expression(int depth, Scope scope) => Expression(depth, scope.All, scope.Counters);

    /// <summary>A condition on loop counters only (never on data), so finite differences never cross a branch.</summary>
    private static Gen<string> Condition(Scope scope)
    {
        var single = Gen.Select(Gen.OneOfConst(scope.Counters), Gen.Int[0, 5], Gen.Int[0, 4], (c, kind, k) => kind switch
        {
            0 => $"{c} % 2 == 0",
            1 => $"{c} % 2 == 1",
            2 => $"{c} == {k}",
            3 => $"{c} != {k}",
            4 => $"{c} < {k}",
            _ => $"{c} >= {k}",
        });
        if (scope.Flags is { Length: > 0 } flags)
        {
            single = Gen.OneOf(single, Gen.Select(Gen.OneOfConst(flags), Gen.Bool, (f, negate) => negate ? "!" + f : f));
        }

        if (scope.Counters.Length < 2)
        {
            return single;
        }

        var (i, j) = (scope.Counters[0], scope.Counters[1]);
        var pair = Gen.Select(Gen.Int[0, 3], Gen.Int[0, 3], Gen.Int[0, 3], (kind, k, m) => kind switch
        {
            0 => $"({i} + {j}) % 3 == 1",
            1 => $"{j} == {i}",
            2 => $"{j} > {i}",
            _ => $"{i} == {k} && {j} == {m}",
        });
        return Gen.OneOf(single, pair);
    }

    /// <summary>A counter condition for break and return that is usually false on the first iterations.</summary>
    private static Gen<string> LateCondition(Scope scope)
    {
        var single = Gen.Select(Gen.OneOfConst(scope.Counters), Gen.Int[0, 2], Gen.Int[1, 4], (c, kind, k) => kind switch
        {
            0 => $"{c} == {k}",
            1 => $"{c} >= {Math.Max(k, 2)}",
            _ => $"{c} % 2 == 1",
        });
        if (scope.Counters.Length < 2)
        {
            return single;
        }

        var (i, j) = (scope.Counters[0], scope.Counters[1]);
        var pair = Gen.Select(Gen.Int[1, 3], Gen.Int[0, 3], (k, m) => $"{i} == {k} && {j} == {m}");
        return Gen.OneOf(single, pair);
    }

    /// <summary>The value a program returns: built from the accumulator s, the carried r and x.</summary>
    private static Gen<string> Result(string[] extra) => Gen.Select(
        Gen.Int[0, 2],
        Expression(1, new[] { "r", "x" }.Concat(extra).ToArray(), Array.Empty<string>()),
        (kind, e) => kind switch
        {
            0 => $"s + {e}",
            1 => $"s * {e}",
            _ => "s",
        });

    /// <summary>A statement without control flow: accumulate into s, scale s, or overwrite r.</summary>
    private static Gen<string> Simple(Scope scope)
    {
        var accumulate = Gen.Select(Gen.Bool, Expression(2, scope), (minus, e) => minus ? $"s -= {e};" : $"s += {e};");
        var scale = Expression(2, scope).Select(e => $"s *= 1 + 0.1 * Math.Tanh({e});");

        // r carried across iterations: every update is a contraction in r (or overwrites it), so nothing blows up.
        var data = Expression(2, scope.Data, scope.Counters);
        var carry = Gen.Select(Gen.Int[0, 3], data, Gen.OneOfConst(scope.Data), (kind, e, read) => kind switch
        {
            0 => $"r = Math.Sin(r) * 0.5 + {read} * x;",
            1 => $"r = 0.5 * Math.Sin(r) + 0.5 * Math.Tanh({e});",
            2 => $"r = 0.5 * r + 0.25 * Math.Cos({e});",
            _ => $"r = Math.Tanh({e});",
        });
        var ternary = Gen.Select(Condition(scope), Expression(2, scope), Expression(2, scope), (c, a, b) => $"s += {c} ? {a} : {b};");
        // s read nonlinearly (so its values must be kept for the reverse sweep), each update with ∂s'/∂s near 1.
        var nonlinear = Gen.Select(Gen.Int[0, 2], Expression(2, scope), (kind, e) => kind switch
        {
            0 => $"s = 0.9 * s + {e};",
            1 => $"s += 0.1 * Math.Sin(s + {e});",
            _ => $"s = Math.Sqrt(1 + s * s) + {e};",
        });
        // Constructs of real numeric code: an argument check that throws, tuple deconstruction (a swap), a switch
        // expression on a counter, a call to a recursive [Differentiable] helper, a helper that updates s by ref, a
        // slice of v passed to a helper, a view of part of v read and passed on, a void helper that reads and fills
        // a local buffer, and a swap of two local buffers.
        var selector = scope.Counters.Length > 0 ? "(" + scope.Counters[^1] + " % 3)" : "1";
        var start = scope.Counters.Length > 0 ? "(" + scope.Counters[^1] + " % v.Length)" : "(v.Length / 2)";
        var realCode = Gen.Select(Gen.Int[0, 8], Expression(2, scope), Expression(2, scope), Expression(2, scope), (kind, a, b, c) => kind switch
        {
            0 => $"if (double.IsNaN(s) || s > 1e300) throw new ArithmeticException(\"s diverged: \" + s); s += {a};",
            1 => $"{{ (double ta, double tb) = ({a}, {b}); (ta, tb) = (tb, ta + 0.5 * tb); s += 0.5 * ta - 0.25 * tb; }}",
            2 => $"s += {selector} switch {{ 0 => {a}, 1 => 0.5 * {b}, _ => -{c} }};",
            3 => $"s += Damped({a}, {selector});",
            4 => $"AddSquare(ref s, {a});",
            5 => $"s += WeightedSum(v.AsSpan({start}), {a});",
            6 => $"FillPair({a}, {b}, buf); s += buf[0] - 0.5 * buf[1];",
            7 => $"buf[1] += {a}; {{ var swapped = buf; buf = spare; spare = swapped; }} s += 0.25 * spare[1] + buf[0];",
            _ => $"{{ var tail = v[{start}..]; s += tail[^1] * {a} + WeightedSum(tail, {b}); }}",
        });
        if (scope.Partial is null)
        {
            return Gen.Frequency<string>((4, accumulate), (2, nonlinear), (2, scale), (3, carry), (1, ternary), (2, realCode));
        }

        var partial = Gen.Select(Gen.Bool, data, (overwrite, e) => overwrite
            ? $"{scope.Partial} = 0.5 * Math.Sin({scope.Partial}) + {e};"
            : $"{scope.Partial} += {e};");
        return Gen.Frequency<string>((4, accumulate), (2, nonlinear), (2, scale), (3, carry), (1, ternary), (4, partial), (2, realCode));
    }

    /// <summary>A statement of a loop body: a simple one, an if/else, or continue/break/return under a counter condition.</summary>
    private static Gen<string> Statement(Scope scope)
    {
        var jump = Gen.Select(Gen.Int[scope.NoContinue ? 1 : 0, 2], Condition(scope), LateCondition(scope), Result(scope.All), (kind, c, late, result) => kind switch
        {
            0 => $"if ({c}) continue;",
            1 => $"if ({late}) break;",
            _ => $"if ({late}) return {result};",
        });
        var ifElse = Gen.Select(
            Condition(scope),
            LateCondition(scope),
            Simple(scope),
            scope.NoContinue ? Gen.OneOfConst(0, 1, 3) : Gen.Int[0, 3],
            Simple(scope),
            (c, late, then, kind, other) => kind switch
            {
                0 => $"if ({c})\n{{\n    {then}\n}}",
                1 => $"if ({c})\n{{\n    {then}\n}}\nelse\n{{\n    {other}\n}}",
                2 => $"if ({c})\n{{\n    {then}\n    continue;\n}}\n{other}",
                _ => $"if ({late})\n{{\n    {then}\n    break;\n}}\nelse\n{{\n    {other}\n}}",
            });
        return Gen.Frequency<string>((6, Simple(scope)), (2, ifElse), (1, jump));
    }

    internal static string Indent(string text) => string.Join("\n", text.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));

    /// <summary>
    /// A loop body: maybe advance the carried index m, maybe a temporary and a bool flag, 1–3 statements, and (in an
    /// outer loop) maybe an inner loop or a partial sum over an inner loop among them.
    /// </summary>
    private static Gen<string> Body(Scope scope)
    {
        var temporary = scope.Level == 1 ? $"t{scope.Loop}" : $"u{scope.Loop}";
        var flag = scope.Level == 1 ? $"p{scope.Loop}" : $"q{scope.Loop}";
        return
            from declare in Gen.Bool
            from initial in Expression(1, scope)
            from declareFlag in Gen.Int[0, 3]
            from flagValue in Condition(scope)
            from hop in Gen.Int[0, 2]
            let withHop = hop == 0 ? scope with { Data = scope.Data.Append("v[m]").Distinct().ToArray() } : scope
            let withTemporary = declare ? withHop with { Carried = scope.Carried.Append(temporary).ToArray() } : withHop
            let inner = declareFlag == 0 ? withTemporary with { Flags = (scope.Flags ?? Array.Empty<string>()).Append(flag).ToArray() } : withTemporary
            from statements in Statement(inner).Array[1, 3]
            from nested in scope.Level == 1 ? Gen.Frequency<string>((2, Gen.Const("")), (2, Loop(inner, 2)), (2, PartialSum(inner))) : Gen.Const("")
            from position in Gen.Int[0, statements.Length]
            select string.Join("\n", (hop == 0 ? new[] { $"m = (m + {scope.Counters[^1]} + 1) % v.Length;" } : Array.Empty<string>())
                .Concat(declare ? new[] { $"double {temporary} = {initial};" } : Array.Empty<string>())
                .Concat(declareFlag == 0 ? new[] { $"bool {flag} = {flagValue};" } : Array.Empty<string>())
                .Concat(statements.Take(position))
                .Concat(nested.Length > 0 ? new[] { nested } : Array.Empty<string>())
                .Concat(statements.Skip(position)));
    }

    /// <summary>
    /// <c>double z = e; inner loop accumulating into z; use of z</c>: a partial sum over the inner loop (a dot product,
    /// say) that the outer body then feeds through a nonlinearity. z depends on data only, so the use stays bounded.
    /// </summary>
    private static Gen<string> PartialSum(Scope scope)
    {
        var z = $"z{scope.Loop}";
        return
            from initial in Expression(1, scope.Data, scope.Counters)
            from loop in Loop(scope with { Partial = z }, 2)
            from kind in Gen.Int[0, 2]
            from e in Expression(1, scope)
            select $"double {z} = {initial};\n{loop}\n" + kind switch
            {
                0 => $"s += Math.Tanh({z}) * {e};",
                1 => $"r = 0.5 * Math.Sin(r) + 0.5 * Math.Tanh({z});",
                _ => $"s *= 1 + 0.1 * Math.Tanh({z});",
            };
    }

    /// <summary>
    /// One loop over v at the given level: for (from 0, from 1, stride 2, reversed), foreach, while (counter stepped
    /// at the top, or at the bottom with no continue in the body) or do, each with a counter the body can test; an
    /// inner loop runs over all of v or over 0..i (triangular).
    /// </summary>
    private static Gen<string> Loop(Scope outer, int level)
    {
        var counter = (level == 1 ? "i" : "j") + outer.Loop;
        var element = (level == 1 ? "a" : "b") + outer.Loop;
        return
            from kind in Gen.Int[0, 7]
            from triangular in level == 2 && kind != 2 ? Gen.Bool : Gen.Const(false)
            from bindElement in Gen.Bool
            let limit = triangular ? $"{outer.Counters[0]} + 1" : "v.Length"
            let reads = kind == 5 ? Reads(outer, counter, triangular).Append($"v[{counter} - 1]").ToArray() : Reads(outer, counter, triangular)
            let elements = kind == 2 || bindElement ? new[] { element } : Array.Empty<string>()
            let scope = outer with
            {
                Level = level,
                NoContinue = kind == 7,
                Counters = outer.Counters.Append(counter).ToArray(),
                Data = outer.Data.Concat(reads).Concat(elements).ToArray(),
            }
            from body in Body(scope)
            let binding = kind != 2 && bindElement ? $"double {element} = v[{counter}];\n" : ""
            select kind switch
            {
                0 => $"for (int {counter} = 0; {counter} < {limit}; {counter}++)\n{{\n{Indent(binding + body)}\n}}",
                1 => $"for (int {counter} = {limit} - 1; {counter} >= 0; {counter}--)\n{{\n{Indent(binding + body)}\n}}",
                2 => $"int {counter} = -1;\nforeach (var {element} in v)\n{{\n    {counter}++;\n{Indent(body)}\n}}",
                3 => $"int {counter} = -1;\nwhile ({counter} + 1 < {limit})\n{{\n    {counter}++;\n{Indent(binding + body)}\n}}",
                4 => $"int {counter} = -1;\ndo\n{{\n    {counter}++;\n{Indent(binding + body)}\n}}\nwhile ({counter} + 1 < {limit});",
                5 => $"for (int {counter} = 1; {counter} < {limit}; {counter}++)\n{{\n{Indent(binding + body)}\n}}",
                6 => $"for (int {counter} = 0; {counter} < {limit}; {counter} += 2)\n{{\n{Indent(binding + body)}\n}}",
                _ => $"int {counter} = 0;\nwhile ({counter} < {limit})\n{{\n{Indent(binding + body)}\n    {counter}++;\n}}",
            };
    }

    /// <summary>Array reads with integer index expressions that stay inside v.</summary>
    private static string[] Reads(Scope outer, string counter, bool triangular)
    {
        if (outer.Counters.Length == 0)
        {
            return new[] { $"v[{counter}]", $"v[({counter} + 1) % v.Length]", $"v[v.Length - 1 - {counter}]" };
        }

        var i = outer.Counters[0];
        var reads = new List<string> { $"v[{counter}]", $"v[({i} + {counter}) % v.Length]", $"v[({i} * 2 + {counter}) % v.Length]" };
        if (triangular)
        {
            reads.Add($"v[{i} - {counter}]");
        }

        return reads.ToArray();
    }

    /// <summary>
    /// A whole method body: initial s and r, an integer m that loop bodies may advance and index with (v[m], an index
    /// carried across iterations), one or two top-level loops (maybe an early return on v.Length between them), a result.
    /// </summary>
    internal static Gen<string> MethodBody()
    {
        var top = new Scope(0, 0, Array.Empty<string>(), new[] { "x" }, new[] { "r" });
        return
            from s in Gen.OneOfConst("0", "1", "x", "0.5 * x")
            from r in Gen.OneOfConst("x", "0.5", "Math.Sin(x)", "v[0]", "v[v.Length - 1]")
            from first in Loop(top, 1)
            from second in Gen.Frequency<string>((2, Gen.Const("")), (1, Loop(top with { Loop = 1 }, 1)))
            from length in Gen.Int[2, 8]
            from early in Result(Array.Empty<string>())
            from result in Result(Array.Empty<string>())
            let between = second.Length == 0 ? "" : (length <= 5 ? $"if (v.Length == {length}) return {early};\n" : "") + second + "\n"
            select "{\n" + Indent($"double s = {s};\ndouble r = {r};\nint m = 0;\nvar buf = new double[2];\nvar spare = new double[2];\n{first}\n{between}return {result};") + "\n}";
    }

    private static readonly Gen<string[]> Bodies = MethodBody().Array[ProgramsPerCompilation];

    private static readonly Gen<(double[] V, double X)[]> Points =
        Gen.Select(Gen.Double[-1.5, 1.5].Array[2, 5], Gen.Double[-1.5, 1.5]).Array[PointsPerProgram];

    private static readonly Gen<(string[] Bodies, (double[] V, double X)[] Points)> Cases = Gen.Select(Bodies, Points);

    /// <summary>10 compilations (60 programs) from a new seed each run: what CI's time allows, exploring over runs.</summary>
    [Fact]
    public void Random_loop_programs_match_finite_differences()
        => Property.Sample(Cases, c => Check(c.Bodies, c.Points), iter: 10, test: nameof(RandomLoopProgramTests));

    /// <summary>
    /// Every seed that ever failed, replayed every run (a seed names a case of the generators above as they are: a
    /// change to them changes what an old seed draws, so keep a real bug's program as its own test too).
    /// 6RrnSzGmMih1: an inner loop rerun by an outer loop's reverse no longer pushed the function values its own
    /// reverse popped (tape underflow). No further bug was found by 6,804 programs sampled once (December 2026).
    /// 5Df8zPuvauM1: a local array (here a helper's scratch buffer) declared after an early return lived in the else
    /// branch of the generated code, out of the reverse sweep's scope (compile error), and had no gradient buffer.
    /// 2cfF6r02Tfp1: a fused summing loop whose nested loop carried a value (m) to the next iteration moved on with
    /// the value the nested loop's reverse had restored: Grad's value differed from the primal's.
    /// </summary>
    [Theory]
    [MemberData(nameof(SeedsThatOnceFailed))]
    public void Programs_that_once_failed(string seed) => Property.Replay(Cases, c => Check(c.Bodies, c.Points), seed);

    public static TheoryData<string> SeedsThatOnceFailed() => new()
    {
        "6RrnSzGmMih1",
        "5Df8zPuvauM1",
        "2cfF6r02Tfp1",
    };

    private static void Check(string[] bodies, (double[] V, double X)[] points)
    {
        var programs = bodies.Select((body, i) => $"[Differentiable] public static double P{i}(double[] v, double x)\n{body}").ToArray();
        var source = new StringBuilder("using System;\nusing DiffGen;\npublic static partial class RandomLoops\n{\n");

        // The recursive helper some statements call (recursion differentiates through pullbacks that recurse).
        source.Append("    [Differentiable] public static double Damped(double y, int n) => n <= 0 ? y : 0.5 * Math.Sin(Damped(y, n - 1)) + 0.25 * y;\n\n");
        // A helper that updates its ref argument, and one over a slice (or view) of v.
        source.Append("    [Differentiable] public static void AddSquare(ref double acc, double y) => acc = 0.5 * acc + 0.25 * y * y;\n\n");
        source.Append("    [Differentiable] public static void FillPair(double a, double b, Span<double> o) { o[0] = Math.Tanh(a) + 0.5 * o[1]; o[1] = a * 0.5 * b; }\n\n");
        source.Append("    [Differentiable] public static double WeightedSum(ReadOnlySpan<double> w, double y)\n    {\n        double t = 0;\n        for (var i = 0; i < w.Length; i++) t += w[i] * Math.Sin(y + i);\n        return t;\n    }\n\n");
        for (var i = 0; i < programs.Length; i++)
        {
            source.Append(Indent(programs[i])).Append("\n\n");

            // Wrappers with arrays instead of spans, so the generated methods can be called by reflection.
            source.Append($"    public static double G{i}(double[] v, double x, double[] dv, out double dx) => P{i}Grad(v, x, dv, out dx);\n");
            source.Append($"    public static double B{i}(double[] v, double x, double seed, double[] dv, ref double dx) => P{i}Pullback(v, x, seed, dv, ref dx);\n\n");
        }

        var text = source.Append("}\n").ToString();
        Type type;
        try
        {
            type = GeneratorHarness.Run(text).Load().GetType("RandomLoops")!;
        }
        catch (InvalidOperationException e)
        {
            throw new InvalidOperationException("Generated code for these programs does not compile:\n" + Numbered(text) + "\n" + e.Message, e);
        }

        for (var i = 0; i < programs.Length; i++)
        {
            var program = new Compiled(programs[i], type.GetMethod("P" + i)!, type.GetMethod("G" + i)!, type.GetMethod("B" + i)!);
            foreach (var (v, x) in points)
            {
                program.Check(v, x);
            }
        }
    }

    private static string Numbered(string text)
        => string.Join("\n", text.Split('\n').Select((line, k) => $"{k + 1,4}: {line}"));

    private sealed record Compiled(string Source, MethodInfo Primal, MethodInfo Grad, MethodInfo Pullback)
    {
        public void Check(double[] v, double x)
        {
            var primal = Call(v, x);
            var input = (double[])v.Clone();
            var dv = new double[v.Length];
            var gradArguments = new object?[] { input, x, dv, null };
            var value = Invoke(Grad, gradArguments, v, x);
            var dx = (double)gradArguments[3]!;
            Assert.True(BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(primal), Describe(v, x, $"Grad returned {value:R}, the primal {primal:R}"));
            Assert.True(input.SequenceEqual(v), Describe(v, x, "Grad wrote its input v: [" + string.Join(", ", input.Select(d => d.ToString("R", CultureInfo.InvariantCulture))) + "]"));
            if (!double.IsFinite(primal))
            {
                return;
            }

            for (var k = 0; k < v.Length; k++)
            {
                var h = 1e-6 * Math.Max(1, Math.Abs(v[k]));
                var plus = (double[])v.Clone();
                var minus = (double[])v.Clone();
                plus[k] += h;
                minus[k] -= h;
                AssertClose($"∂/∂v[{k}]", dv[k], (Call(plus, x) - Call(minus, x)) / (2 * h), v, x);
            }

            var hx = 1e-6 * Math.Max(1, Math.Abs(x));
            AssertClose("∂/∂x", dx, (Call(v, x + hx) - Call(v, x - hx)) / (2 * hx), v, x);

            // Pullback adds seed·gradient into buffers that already hold something.
            const double seed = 1.75;
            var accumulated = Enumerable.Repeat(0.5, v.Length).ToArray();
            var pullbackArguments = new object?[] { input, x, seed, accumulated, 0.25 };
            var pulled = Invoke(Pullback, pullbackArguments, v, x);
            Assert.True(BitConverter.DoubleToInt64Bits(pulled) == BitConverter.DoubleToInt64Bits(primal), Describe(v, x, $"Pullback returned {pulled:R}, the primal {primal:R}"));
            for (var k = 0; k < v.Length; k++)
            {
                AssertPullback($"dv[{k}]", accumulated[k], 0.5 + (seed * dv[k]), v, x);
            }

            AssertPullback("dx", (double)pullbackArguments[4]!, 0.25 + (seed * dx), v, x);
        }

        private double Call(double[] v, double x) => Invoke(Primal, new object?[] { v, x }, v, x);

        private double Invoke(MethodInfo method, object?[] arguments, double[] v, double x)
        {
            try
            {
                return (double)method.Invoke(null, arguments)!;
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw new InvalidOperationException(Describe(v, x, $"{method.Name} threw {e.InnerException.GetType().Name}: {e.InnerException.Message}"), e.InnerException);
            }
        }

        private void AssertClose(string what, double generated, double numeric, double[] v, double x)
        {
            if (!double.IsFinite(numeric))
            {
                return;
            }

            Assert.True(
                Math.Abs(generated - numeric) <= 1e-5 * Math.Max(1, Math.Abs(numeric)),
                Describe(v, x, $"{what}: generated {generated:R}, finite differences {numeric:R}"));
        }

        private void AssertPullback(string what, double pulled, double expected, double[] v, double x)
            => Assert.True(
                Math.Abs(pulled - expected) <= 1e-10 * Math.Max(1, Math.Abs(expected)),
                Describe(v, x, $"Pullback with seed 1.75 into {what} (pre-filled): got {pulled:R}, expected pre-fill + seed·Grad = {expected:R}"));

        private string Describe(double[] v, double x, string problem)
            => $"{problem}\nat v = [{string.Join(", ", v.Select(d => d.ToString("R", CultureInfo.InvariantCulture)))}], x = {x.ToString("R", CultureInfo.InvariantCulture)}\nin\n{Source}";
    }
}
