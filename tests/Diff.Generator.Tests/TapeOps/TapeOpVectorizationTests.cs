using System.Globalization;
using System.Reflection;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.TapeOps;

/// <summary>
/// Which lifted elementwise ops the generator also prints over Vector256 lanes (the op calls
/// <c>LiftedOps.VectorizedElementwise</c> and its struct implements <c>IVectorizedElementwiseOp</c>) and which keep the
/// one-element-at-a-time loop (<c>LiftedOps.Elementwise</c>): each body alone in a program, which must compile without
/// a diagnostic either way. Bodies with branches on the element are also run, to check that running both sides on
/// every lane and keeping each side's assignments to its own lanes gives the scalar method's values and gradients.
/// </summary>
public class TapeOpVectorizationTests
{
    /// <summary>Bodies Vector256 can express: the op runs them eight elements at a time.</summary>
    public static TheoryData<string, string> Vectorisable => new()
    {
        { "MathF.Tanh, through the runtime's LaneMath.Tanh", "public static float F(float x, [NoDerivative] float limit) => limit * MathF.Tanh(x / limit);" },
        { "swish", "public static float F(float x) => x / (1f + MathF.Exp(-x));" },
        { "a condition mixing the element with a bool constant", "public static float F(float x, bool flip) => x > 0f && flip || x < -2f ? x * x : 0.5f * x;" },
        { "a leaky ReLU, a conditional on the element", "public static float F(float x) => x > 0f ? x : 0.1f * x;" },
        { "Abs", "public static float F(float x) => MathF.Abs(x) - (0.5f * x);" },
        { "Max and Min", "public static float F(float x) => MathF.Min(MathF.Max(x, -1f), x * x);" },
        { "Sqrt", "public static float F(float x) => MathF.Sqrt((x * x) + 1f);" },
        { "Log", "public static float F(float x) => MathF.Log((x * x) + 1f);" },
        { "Exp", "public static float F(float x) => MathF.Exp(-x * x);" },
        { "FusedMultiplyAdd", "public static float F(float x, [NoDerivative] float c) => MathF.FusedMultiplyAdd(x, x, c);" },
        {
            "the other functions Vector256 has",
            "public static float F(float x) => MathF.Log2(x * x + 1f) + MathF.Sin(x) * MathF.Cos(x) + MathF.Floor(x) + MathF.Ceiling(x) + MathF.Truncate(x) + MathF.Round(x);"
        },
        {
            "float, int and bool constants, the bool choosing in a ternary",
            "public static float F(float x, [NoDerivative] float limit, int power, bool flip) => (flip ? -limit : limit) * x * power;"
        },
        { "a long constant and a cast of a constant", "public static float F(float x, long offset) => (x * (float)0.5) + offset;" },
        {
            "locals and several statements",
            """
            public static float F(float x, [NoDerivative] float scale)
            {
                var s = scale * x;
                var e = MathF.Exp(-s);
                var y = x / (1f + e);
                y = y + (0.5f * x);
                return y;
            }
            """
        },
        {
            "an if on a constant",
            """
            public static float F(float x, bool cubic)
            {
                float y;
                if (cubic)
                {
                    y = x * x * x;
                }
                else
                {
                    y = x * x;
                }

                return y;
            }
            """
        },
        {
            // Lowered exactly as the ternary above is: both sides run on every lane and each keeps its own lanes.
            "an if on the element with an early return",
            """
            public static float F(float x)
            {
                if (x < 1f)
                {
                    var margin = 1f - x;
                    return margin * margin;
                }

                return 0f;
            }
            """
        },
        {
            "nested ifs on the element with &&, ||, ! and !=",
            "public static float F(float x) => (x > 0f && x < 1f) || x == 5f ? x * x : !(x > -2f) ? 2f * x : x != -1f ? -x : 0f;"
        },
    };

    /// <summary>Bodies Vector256 cannot express (or not with the scalar method's exact semantics): the scalar loop stays.</summary>
    public static TheoryData<string, string> NotVectorisable => new()
    {
        { "MathF.Atan, which Vector256 lacks", "public static float F(float x) => MathF.Atan(x);" },
        { "MathF.Pow", "public static float F(float x) => MathF.Pow(x, 3f);" },
        { "a cast of Math.Exp's double", "public static float F(float x) => (float)Math.Exp(x);" },
        { "double arithmetic on the element", "public static float F(float x) => (float)(x * 0.5);" },
        { "a double constant", "public static float F(float x, [NoDerivative] double k) => (float)(k * x);" },
        { "% on the element", "public static float F(float x) => x % 1f;" },
        {
            "an int computed from the element",
            """
            public static float F(float x)
            {
                var n = 0;
                if (x > 0f)
                {
                    n = 1;
                }

                return x * n;
            }
            """
        },
        {
            "a loop",
            """
            public static float F(float x, int n)
            {
                var s = 0f;
                for (var i = 0; i < n; i++)
                {
                    s += x * x;
                }

                return s;
            }
            """
        },
        { "a call to another [Differentiable] method", "public static float F(float x) => Square(x) + 1f;" },
    };

    [Theory]
    [MemberData(nameof(Vectorisable))]
    public void A_body_Vector256_can_express_is_printed_over_lanes(string what, string method)
    {
        var ops = GenerateOps(method);
        Assert.True(ops.Contains("LiftedOps.VectorizedElementwise(", StringComparison.Ordinal), $"{what}: the op does not call VectorizedElementwise:\n{ops}");
        Assert.Contains("global::DiffGen.Generated.IVectorizedElementwiseOp", ops);
        Assert.Contains("public global::System.Runtime.Intrinsics.Vector256<float> Pullback(", ops);
        Assert.DoesNotContain("LiftedOps.Elementwise(", ops);
    }

    [Theory]
    [MemberData(nameof(NotVectorisable))]
    public void A_body_Vector256_cannot_express_keeps_the_scalar_loop(string what, string method)
    {
        var ops = GenerateOps(method);
        Assert.True(ops.Contains("LiftedOps.Elementwise(", StringComparison.Ordinal), $"{what}: the op does not loop over the scalar method:\n{ops}");
        Assert.Contains("global::DiffGen.Generated.IElementwiseOp", ops);
        Assert.DoesNotContain("VectorizedElementwise", ops);
        Assert.DoesNotContain("IVectorizedElementwiseOp", ops);
        Assert.DoesNotContain("Vector256", ops);
    }

    /// <summary>Bodies that branch on the element, with the constants each is run at.</summary>
    private const string Branching = """
        using System;
        using DiffGen;
        public static partial class Branches
        {
            [Differentiable, TapeOp]
            public static float Nested(float x, bool flip)
            {
                float y = 0f;
                if (x > 0f)
                {
                    if (x > 1f) { y = x * x; } else { y = flip ? x : -x; }
                }
                else if (x < -1f && x > -3f)
                {
                    y = 2f * x;
                }
                else
                {
                    var t = x * 3f;
                    y = t + 1f;
                }

                return y;
            }

            [Differentiable, TapeOp]
            public static float Logic(float x) => (x > 0f && x < 1f) || x == 5f ? x * x : !(x > -2f) ? 2f * x : x != -1f ? -x : 0.5f;

            [Differentiable, TapeOp]
            public static float ConstantUnderABranch(float x, [NoDerivative] float k)
            {
                var c = 1f;
                if (x >= 0.5f)
                {
                    c = k;
                }

                return c * x;
            }

            [Differentiable, TapeOp]
            public static float Clipped(float @event) => @event > 2f ? 2f : @event < -2f ? -2f : MathF.Abs(@event) * @event;

            // Names the generated code also uses: the pullback's seed, the op struct's gradient local.
            [Differentiable, TapeOp]
            public static float Shifted(float x, [NoDerivative] float gradient, int seed) => x > gradient ? x - gradient : seed * x;

            [Differentiable, TapeOp]
            public static float Named(float seed) => seed < 0f ? seed * seed : seed;
        }
        """;

    public static TheoryData<string, object[]> BranchingOps => new()
    {
        { "Nested", [true] },
        { "Nested", [false] },
        { "Logic", [] },
        { "ConstantUnderABranch", [-3f] },
        { "Clipped", [] },
        { "Shifted", [0.5f, 3] },
        { "Named", [] },
    };

    private static readonly Lazy<Assembly> BranchingProgram = new(() =>
    {
        var run = GeneratorHarness.Run(Branching);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        var ops = run.GeneratedFiles.Single(f => f.HintName == "Branches.TapeOps.g.cs").Text;
        Assert.Equal(6, ops.Split("LiftedOps.VectorizedElementwise(").Length - 1);
        return run.Load();
    });

    [Theory]
    [MemberData(nameof(BranchingOps))]
    public void Branches_on_the_element_give_the_scalar_methods_values_and_gradients_bit_for_bit(string name, object[] constants)
    {
        var type = BranchingProgram.Value.GetType("Branches")!;
        var op = type.GetMethod(name + "Op")!;
        var scalar = type.GetMethod(name)!;
        var pullback = type.GetMethod(name + "Pullback")!;

        // Every boundary of every condition (and ±0, NaN, ±∞), then random points; 37 elements leave a ragged end.
        var data = new List<float> { 0f, -0f, 1f, -1f, -2f, -3f, 5f, 0.5f, 2f, float.NaN, float.PositiveInfinity, float.NegativeInfinity, 1e-30f, -1e-30f };
        var random = new Random(23);
        while (data.Count < 37)
        {
            data.Add((float)((random.NextDouble() * 12) - 6));
        }

        var seeds = data.Select((_, i) => 0.75f + (0.25f * i)).ToArray();
        var x = Tensor.From([.. data], data.Count);
        Tensor y, dx;
        using (var tape = new GradientTape())
        {
            tape.Watch(x);
            y = (Tensor)op.Invoke(null, [x, .. constants])!;
            dx = tape.Gradient(y, x, outputGradients: Tensor.From(seeds, seeds.Length));
        }

        var values = y.ToArray();
        var gradient = dx.ToArray();
        for (var i = 0; i < data.Count; i++)
        {
            var expected = (float)scalar.Invoke(null, [data[i], .. constants])!;
            object[] arguments = [data[i], .. constants, seeds[i], 0f];
            pullback.Invoke(null, arguments);
            var expectedGradient = (float)arguments[^1];
            Assert.True(SameBits(expected, values[i]), Invariant($"{name}({data[i]:R}) = {values[i]:R} over lanes, {expected:R} from the scalar method"));
            Assert.True(SameBits(expectedGradient, gradient[i]), Invariant($"{name}'s gradient at {data[i]:R} = {gradient[i]:R} over lanes, {expectedGradient:R} from the scalar pullback"));
        }
    }

    /// <summary>The generated TapeOps file of a program holding <paramref name="method"/> as <c>[Differentiable, TapeOp]</c>.</summary>
    private static string GenerateOps(string method)
    {
        var run = GeneratorHarness.Run($$"""
            using System;
            using DiffGen;
            public static partial class Ops
            {
                [Differentiable]
                public static float Square(float v) => v * v;

                [Differentiable, TapeOp]
                {{method}}
            }
            """);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.Empty(run.CompilerDiagnostics);
        return run.GeneratedFiles.Single(f => f.HintName == "Ops.TapeOps.g.cs").Text;
    }

    private static bool SameBits(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
