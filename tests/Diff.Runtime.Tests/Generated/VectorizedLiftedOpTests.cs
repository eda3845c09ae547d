using System.Globalization;
using System.Runtime.Intrinsics;
using DiffGen.Generated;
using DiffGen.Runtime.Tests.OpTests;
using Xunit.Abstractions;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary>
/// Scalar functions whose bodies the generator can also print over Vector256 lanes: each becomes an op that calls
/// <c>LiftedOps.VectorizedElementwise</c>. Every construct the lane printer handles appears at least once.
/// </summary>
public static partial class VectorizedFunctions
{
    /// <summary>Leaky ReLU: a conditional on the element itself, with a kink at 0 (where the slope-0.1 branch is taken).</summary>
    [Differentiable, TapeOp]
    public static float LeakyRelu(float x) => x > 0f ? x : 0.1f * x;

    /// <summary>|x|, whose derivative at 0 is 0 by convention.</summary>
    [Differentiable, TapeOp]
    public static float AbsoluteValue(float x) => MathF.Abs(x);

    /// <summary>Max then Min against two constants: ties at x = lo and x = hi go to the first argument, x.</summary>
    [Differentiable, TapeOp]
    public static float ClipBetween(float x, [NoDerivative] float lo, [NoDerivative] float hi) => MathF.Min(MathF.Max(x, lo), hi);

    /// <summary>Max of two per-element values that tie at x = ±0 (where MathF.Max returns +0 whichever zero x is).</summary>
    [Differentiable, TapeOp]
    public static float MaxOfSigns(float x) => MathF.Max(x, -x);

    /// <summary>Min of two per-element values that tie at x = 0 and x = 1.</summary>
    [Differentiable, TapeOp]
    public static float MinOfPowers(float x) => MathF.Min(x, x * x);

    /// <summary>√x: correctly rounded in both the scalar and the vector form.</summary>
    [Differentiable, TapeOp]
    public static float SquareRoot(float x) => MathF.Sqrt(x);

    /// <summary>ln x: Vector256.Log and MathF.Log may round differently.</summary>
    [Differentiable, TapeOp]
    public static float NaturalLog(float x) => MathF.Log(x);

    /// <summary>exp(−x²/2): Vector256.Exp of the same argument as MathF.Exp.</summary>
    [Differentiable, TapeOp]
    public static float Gaussian(float x) => MathF.Exp(-0.5f * x * x);

    /// <summary>x² + c·x with one rounding for the multiply-add.</summary>
    [Differentiable, TapeOp]
    public static float FusedSquarePlusLinear(float x, [NoDerivative] float c) => MathF.FusedMultiplyAdd(x, x, c * x);

    /// <summary>Constants of four types: a float, an int and a long broadcast to lanes, a bool choosing between two uniform values.</summary>
    [Differentiable, TapeOp]
    public static float ScaledByConstants(float x, [NoDerivative] float limit, int power, bool flip, long offset)
        => ((flip ? -limit : limit) * x * power) + offset;

    /// <summary>An <c>if</c> on a constant: the same branch for every element, kept as a scalar <c>if</c> around lane code.</summary>
    [Differentiable, TapeOp]
    public static float BranchOnConstant(float x, bool cubic, [NoDerivative] float k)
    {
        float y;
        if (cubic)
        {
            y = k * x * x * x;
        }
        else
        {
            y = k * x * x;
        }

        return y + x;
    }

    /// <summary>Locals, a reassignment and several statements: x·σ(scale·x) + x/2, with σ written out.</summary>
    [Differentiable, TapeOp]
    public static float GatedWithLocals(float x, [NoDerivative] float scale)
    {
        var s = scale * x;
        var gate = 1f / (1f + MathF.Exp(-s));
        var y = x * gate;
        y = y + (0.5f * x);
        return y;
    }

    /// <summary>
    /// The squared hinge, as an <c>if</c> statement on the element with a local inside its branch and an early return.
    /// </summary>
    [Differentiable, TapeOp]
    public static float SquaredHinge(float x)
    {
        if (x < 1f)
        {
            var margin = 1f - x;
            return margin * margin;
        }

        return 0f;
    }

    /// <summary>
    /// x above 0, eˣ below: the branch not taken still runs on every lane, so for large x its eˣ overflows to ∞ and
    /// must not leak into the value or the gradient.
    /// </summary>
    [Differentiable, TapeOp]
    public static float ExponentialBelowZero(float x) => x > 0f ? x : MathF.Exp(x);

    /// <summary>A condition mixing the element with a bool constant (an all-or-nothing mask on the lanes).</summary>
    [Differentiable, TapeOp]
    public static float GatedByFlag(float x, bool flip) => (x > 0f && flip) || x < -2f ? x * x : 0.5f * x;

    /// <summary>limit·tanh(x/limit): MathF.Tanh, which Vector256 lacks, runs as the runtime's LaneMath.Tanh.</summary>
    [Differentiable, TapeOp]
    public static float SoftClipTanh(float x, [NoDerivative] float limit) => limit * MathF.Tanh(x / limit);
}

/// <summary>
/// The ops generated from <see cref="VectorizedFunctions"/> run eight elements at a time through their Vector256
/// bodies (and the ragged end through the same body from a zero-padded copy). Every element must agree with the scalar
/// method and its pullback — bit for bit where both use the same correctly rounded operations, within a derived
/// number of ulps where Vector256.Exp/Log stand in for MathF's — at every length (short, ragged, and past
/// <c>ChunkedWork.ParallelThreshold</c> so the kernel threads share it), at the kinks (the same convention exactly),
/// at NaN and ±∞, and against central finite differences of a double reference.
/// </summary>
public sealed class VectorizedLiftedOpTests(ITestOutputHelper output)
{
    /// <summary>The scalar pullback of one case with its constants bound: adds seed·∂f/∂x to <paramref name="dx"/>.</summary>
    public delegate void ScalarPullback(float x, float seed, ref float dx);

    /// <summary>
    /// One lifted function at fixed constants.
    /// </summary>
    /// <param name="Method">The [TapeOp] method; its op's element struct is <c>_{Method}Elementwise</c>.</param>
    /// <param name="Low">Random points are drawn from [Low, High): the function's domain, where it is well conditioned.</param>
    /// <param name="MaxUlps">
    /// How far a value may be from the scalar method's. 0 where both compute the same correctly rounded IEEE operations
    /// in the same order (+ − × ÷, √, fused multiply-add, abs, max, min, comparisons and selects): then the bits must be
    /// equal, the sign of zero included.
    /// </param>
    /// <param name="GradientTolerance">
    /// |vector − scalar| ≤ GradientTolerance·max(|scalar|, |seed|) for each gradient element; 0: bit for bit.
    /// </param>
    public sealed record Case(
        string Method,
        Func<Tensor, Tensor> Op,
        Func<float, float> Scalar,
        ScalarPullback Pullback,
        Func<double, double> Reference,
        double Low,
        double High,
        int MaxUlps,
        double GradientTolerance);

    // Vector256.Exp and Vector256.Log are within 2 ulp of the exact result and MathF.Exp/Log (the C runtime's expf and
    // logf) within 1, so one call on the same argument lands within 3 ulp of the scalar one.
    private const int OneTranscendentalCall = 3;

    // GatedWithLocals: exp differs by ≤ 3 ulp, a relative 3·2⁻²³ at most; 1 + e, 1/(…), x·gate and + x/2 (same sign, no
    // cancellation) pass a relative difference through without growing it, and each of those four roundings may go
    // either way in each form, 2·2⁻²⁴ apiece: 7·2⁻²³ relative in all, which is at most 14 ulp of the result.
    private const int ExpThroughFourRoundings = 14;

    // The gradients that use an exp value: it carries its ≤ 3·2⁻²³ relative difference through a few products
    // (and, in GatedWithLocals, a sum of terms of up to ~3× the result's size): 4e-6 ≈ 34·2⁻²³ leaves room for that.
    private const double ExpGradientTolerance = 4e-6;

    // SoftClipTanh: LaneMath.Tanh is within 1 ulp of exact and MathF.Tanh within 2, so the two tanh values are within
    // 3 ulp (3·2⁻²³ relative); limit·t passes that through and adds one rounding on each side (2·2⁻²⁴), 4·2⁻²³ in all,
    // which is at most 8 ulp of the result (its ulp may be half the tanh's relative one). The gradient,
    // seed·(1 − t²)/…, differs by about 2·|Δt|·|seed| ≤ 4e-7·|seed|: within ExpGradientTolerance of the seed.
    private const int TanhThenScale = 8;

    private const float ClipLow = -0.75f;
    private const float ClipHigh = 1.25f;

    public static readonly IReadOnlyDictionary<string, Case> Cases = new[]
    {
        new Case(
            nameof(VectorizedFunctions.LeakyRelu), VectorizedFunctions.LeakyReluOp, VectorizedFunctions.LeakyRelu,
            (float x, float seed, ref float dx) => VectorizedFunctions.LeakyReluPullback(x, seed, ref dx),
            x => x > 0 ? x : 0.1 * x, -5, 5, 0, 0),
        new Case(
            nameof(VectorizedFunctions.AbsoluteValue), VectorizedFunctions.AbsoluteValueOp, VectorizedFunctions.AbsoluteValue,
            (float x, float seed, ref float dx) => VectorizedFunctions.AbsoluteValuePullback(x, seed, ref dx),
            Math.Abs, -5, 5, 0, 0),
        new Case(
            nameof(VectorizedFunctions.ClipBetween), t => VectorizedFunctions.ClipBetweenOp(t, ClipLow, ClipHigh), x => VectorizedFunctions.ClipBetween(x, ClipLow, ClipHigh),
            (float x, float seed, ref float dx) => VectorizedFunctions.ClipBetweenPullback(x, ClipLow, ClipHigh, seed, ref dx),
            x => Math.Min(Math.Max(x, ClipLow), ClipHigh), -3, 3, 0, 0),
        new Case(
            nameof(VectorizedFunctions.MaxOfSigns), VectorizedFunctions.MaxOfSignsOp, VectorizedFunctions.MaxOfSigns,
            (float x, float seed, ref float dx) => VectorizedFunctions.MaxOfSignsPullback(x, seed, ref dx),
            x => Math.Max(x, -x), -5, 5, 0, 0),
        new Case(
            nameof(VectorizedFunctions.MinOfPowers), VectorizedFunctions.MinOfPowersOp, VectorizedFunctions.MinOfPowers,
            (float x, float seed, ref float dx) => VectorizedFunctions.MinOfPowersPullback(x, seed, ref dx),
            x => Math.Min(x, x * x), -3, 3, 0, 0),
        new Case(
            nameof(VectorizedFunctions.SquareRoot), VectorizedFunctions.SquareRootOp, VectorizedFunctions.SquareRoot,
            (float x, float seed, ref float dx) => VectorizedFunctions.SquareRootPullback(x, seed, ref dx),
            Math.Sqrt, 0.05, 50, 0, 0),
        new Case(
            nameof(VectorizedFunctions.NaturalLog), VectorizedFunctions.NaturalLogOp, VectorizedFunctions.NaturalLog,
            (float x, float seed, ref float dx) => VectorizedFunctions.NaturalLogPullback(x, seed, ref dx),
            Math.Log, 0.05, 50, OneTranscendentalCall, 0),
        new Case(
            nameof(VectorizedFunctions.Gaussian), VectorizedFunctions.GaussianOp, VectorizedFunctions.Gaussian,
            (float x, float seed, ref float dx) => VectorizedFunctions.GaussianPullback(x, seed, ref dx),
            x => Math.Exp(-0.5 * x * x), -4, 4, OneTranscendentalCall, ExpGradientTolerance),
        new Case(
            nameof(VectorizedFunctions.FusedSquarePlusLinear), t => VectorizedFunctions.FusedSquarePlusLinearOp(t, -1.5f), x => VectorizedFunctions.FusedSquarePlusLinear(x, -1.5f),
            (float x, float seed, ref float dx) => VectorizedFunctions.FusedSquarePlusLinearPullback(x, -1.5f, seed, ref dx),
            x => (x * x) - (1.5 * x), -4, 4, 0, 0),
        new Case(
            nameof(VectorizedFunctions.ScaledByConstants) + "(flip)", t => VectorizedFunctions.ScaledByConstantsOp(t, 0.3f, 3, true, -2L), x => VectorizedFunctions.ScaledByConstants(x, 0.3f, 3, true, -2L),
            (float x, float seed, ref float dx) => VectorizedFunctions.ScaledByConstantsPullback(x, 0.3f, 3, true, -2L, seed, ref dx),
            x => (-0.3f * x * 3) - 2, -4, 4, 0, 0),
        new Case(
            nameof(VectorizedFunctions.ScaledByConstants) + "(no flip)", t => VectorizedFunctions.ScaledByConstantsOp(t, 1.7f, -2, false, 5L), x => VectorizedFunctions.ScaledByConstants(x, 1.7f, -2, false, 5L),
            (float x, float seed, ref float dx) => VectorizedFunctions.ScaledByConstantsPullback(x, 1.7f, -2, false, 5L, seed, ref dx),
            x => (1.7f * x * -2) + 5, -4, 4, 0, 0),
        new Case(
            nameof(VectorizedFunctions.BranchOnConstant) + "(cubic)", t => VectorizedFunctions.BranchOnConstantOp(t, true, 0.5f), x => VectorizedFunctions.BranchOnConstant(x, true, 0.5f),
            (float x, float seed, ref float dx) => VectorizedFunctions.BranchOnConstantPullback(x, true, 0.5f, seed, ref dx),
            x => (0.5 * x * x * x) + x, -3, 3, 0, 0),
        new Case(
            nameof(VectorizedFunctions.BranchOnConstant) + "(quadratic)", t => VectorizedFunctions.BranchOnConstantOp(t, false, 0.5f), x => VectorizedFunctions.BranchOnConstant(x, false, 0.5f),
            (float x, float seed, ref float dx) => VectorizedFunctions.BranchOnConstantPullback(x, false, 0.5f, seed, ref dx),
            x => (0.5 * x * x) + x, -3, 3, 0, 0),
        new Case(
            nameof(VectorizedFunctions.GatedWithLocals), t => VectorizedFunctions.GatedWithLocalsOp(t, 1.3f), x => VectorizedFunctions.GatedWithLocals(x, 1.3f),
            (float x, float seed, ref float dx) => VectorizedFunctions.GatedWithLocalsPullback(x, 1.3f, seed, ref dx),
            x => (x / (1 + Math.Exp(-1.3f * x))) + (0.5 * x), -6, 6, ExpThroughFourRoundings, ExpGradientTolerance),
        new Case(
            nameof(VectorizedFunctions.SquaredHinge), VectorizedFunctions.SquaredHingeOp, VectorizedFunctions.SquaredHinge,
            (float x, float seed, ref float dx) => VectorizedFunctions.SquaredHingePullback(x, seed, ref dx),
            x => x < 1 ? (1 - x) * (1 - x) : 0, -3, 3, 0, 0),
        new Case(
            nameof(VectorizedFunctions.ExponentialBelowZero), VectorizedFunctions.ExponentialBelowZeroOp, VectorizedFunctions.ExponentialBelowZero,
            (float x, float seed, ref float dx) => VectorizedFunctions.ExponentialBelowZeroPullback(x, seed, ref dx),
            x => x > 0 ? x : Math.Exp(x), -6, 6, OneTranscendentalCall, ExpGradientTolerance),
        new Case(
            nameof(VectorizedFunctions.GatedByFlag) + "(flip)", t => VectorizedFunctions.GatedByFlagOp(t, true), x => VectorizedFunctions.GatedByFlag(x, true),
            (float x, float seed, ref float dx) => VectorizedFunctions.GatedByFlagPullback(x, true, seed, ref dx),
            x => x > 0 || x < -2 ? x * x : 0.5 * x, -4, 4, 0, 0),
        new Case(
            nameof(VectorizedFunctions.GatedByFlag) + "(no flip)", t => VectorizedFunctions.GatedByFlagOp(t, false), x => VectorizedFunctions.GatedByFlag(x, false),
            (float x, float seed, ref float dx) => VectorizedFunctions.GatedByFlagPullback(x, false, seed, ref dx),
            x => x < -2 ? x * x : 0.5 * x, -4, 4, 0, 0),
        new Case(
            nameof(VectorizedFunctions.SoftClipTanh), t => VectorizedFunctions.SoftClipTanhOp(t, 1.5f), x => VectorizedFunctions.SoftClipTanh(x, 1.5f),
            (float x, float seed, ref float dx) => VectorizedFunctions.SoftClipTanhPullback(x, 1.5f, seed, ref dx),
            x => 1.5 * Math.Tanh(x / 1.5), -6, 6, TanhThenScale, ExpGradientTolerance),
    }.ToDictionary(c => c.Method);

    public static TheoryData<string> CaseNames => [.. Cases.Keys];

    public static TheoryData<string, int> CasesAndLengths
    {
        get
        {
            // 40000 and 40001 are past ChunkedWork.ParallelThreshold (32768): split into chunks across the kernel threads;
            // 40001 also leaves a one-element ragged end in the last chunk.
            var data = new TheoryData<string, int>();
            foreach (var name in Cases.Keys)
            {
                foreach (var length in new[] { 1, 7, 8, 9, 100, 40000, 40001 })
                {
                    data.Add(name, length);
                }
            }

            return data;
        }
    }

    [Fact]
    public void Vector256_is_hardware_accelerated_so_these_tests_exercise_the_vector_bodies()
    {
        // LiftedOps.VectorizedElementwise runs the scalar loop where Vector256 is emulated: every comparison below would
        // then compare the scalar method with itself.
        Assert.True(Vector256.IsHardwareAccelerated, "Vector256 is not hardware accelerated on this machine: the vectorised bodies are not being tested.");
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_generator_vectorised_the_op(string name)
    {
        var method = Cases[name].Method.Split('(')[0];
        var element = typeof(VectorizedFunctions).GetNestedType("_" + method + "Elementwise", System.Reflection.BindingFlags.NonPublic);
        Assert.NotNull(element);
        Assert.True(typeof(IVectorizedElementwiseOp).IsAssignableFrom(element), $"{method}'s op loops over the scalar method: its body was not printed over Vector256 lanes.");
    }

    [Theory]
    [MemberData(nameof(CasesAndLengths))]
    public void Every_value_and_gradient_element_matches_the_scalar_method_and_pullback(string name, int length)
    {
        var c = Cases[name];
        var random = new Random((name.GetHashCode(StringComparison.Ordinal) & 0xffff) ^ length);
        var data = new float[length];
        var seeds = new float[length];
        for (var i = 0; i < length; i++)
        {
            data[i] = (float)(c.Low + ((c.High - c.Low) * random.NextDouble()));
            seeds[i] = (float)((random.NextDouble() * 4) - 2);
        }

        var (values, gradient) = ValueAndGradient(c, data, seeds);
        var maxUlps = 0L;
        var worstRelative = 0.0;
        for (var i = 0; i < length; i++)
        {
            var expected = c.Scalar(data[i]);
            var ulps = FloatDistance.Ulps(expected, values[i]);
            maxUlps = Math.Max(maxUlps, ulps);
            var sameBits = SameBits(expected, values[i]);
            Assert.True(
                c.MaxUlps == 0 ? sameBits : ulps <= c.MaxUlps,
                Invariant($"{name}({data[i]:R}) at [{i}] of {length}: {values[i]:R}, the scalar method gives {expected:R} ({ulps} ulp apart; allowed {c.MaxUlps})"));

            var expectedGradient = 0f;
            c.Pullback(data[i], seeds[i], ref expectedGradient);
            var difference = Math.Abs((double)gradient[i] - expectedGradient);
            var scale = Math.Max(Math.Abs(expectedGradient), Math.Abs(seeds[i]));
            worstRelative = Math.Max(worstRelative, difference / scale);
            Assert.True(
                c.GradientTolerance == 0 ? SameBits(expectedGradient, gradient[i]) : difference <= c.GradientTolerance * scale,
                Invariant($"{name}Pullback({data[i]:R}, seed {seeds[i]:R}) at [{i}] of {length}: {gradient[i]:R}, the scalar pullback gives {expectedGradient:R}"));
        }

        // Passing: say what was measured, so a report can quote the actual worst case rather than the bound.
        output.WriteLine(Invariant($"{name}, length {length}: max {maxUlps} ulp (allowed {c.MaxUlps}), worst gradient difference {worstRelative:G3} relative"));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void The_gradient_matches_central_finite_differences_on_random_shapes(string name)
    {
        var c = Cases[name];
        var random = new Random(name.Length * 131);
        for (var trial = 0; trial < 6; trial++)
        {
            var x = Rand.Uniform(random, Rand.Shape(random, 0, 3, 1, 6), c.Low, c.High);
            GradientCheck.Check($"{name} trial {trial}", t => c.Op(t[0]), r => new Ref((int[])r[0].Shape.Clone(), [.. r[0].Data.Select(c.Reference)]), [x], seed: trial);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void An_empty_tensor_gives_an_empty_value_and_gradient(string name)
    {
        var (values, gradient) = ValueAndGradient(Cases[name], [], []);
        Assert.Empty(values);
        Assert.Empty(gradient);
    }

    /// <summary>Each kink's point, the derivative the conventions of DESIGN.md give there, times the seed.</summary>
    public static TheoryData<string, float, float> Kinks => new()
    {
        { nameof(VectorizedFunctions.LeakyRelu), 0f, 0.1f },            // x > 0 fails at 0: the slope-0.1 branch
        { nameof(VectorizedFunctions.LeakyRelu), -0f, 0.1f },
        { nameof(VectorizedFunctions.AbsoluteValue), 0f, 0f },          // Abs'(0) = 0
        { nameof(VectorizedFunctions.AbsoluteValue), -0f, 0f },
        { nameof(VectorizedFunctions.ClipBetween), ClipLow, 1f },      // Max(x, lo) ties: to x
        { nameof(VectorizedFunctions.ClipBetween), ClipHigh, 1f },     // Min(x, hi) ties: to x
        { nameof(VectorizedFunctions.MaxOfSigns), 0f, 1f },            // Max(x, −x) ties: to x
        { nameof(VectorizedFunctions.MaxOfSigns), -0f, 1f },
        { nameof(VectorizedFunctions.MinOfPowers), 0f, 1f },           // Min(x, x²) ties: to x
        { nameof(VectorizedFunctions.MinOfPowers), -0f, 1f },
        { nameof(VectorizedFunctions.MinOfPowers), 1f, 1f },
        { nameof(VectorizedFunctions.SquaredHinge), 1f, 0f },          // x < 1 fails at 1: the constant branch
    };

    [Theory]
    [MemberData(nameof(Kinks))]
    public void At_a_kink_the_vector_gradient_is_the_scalar_pullbacks_convention_exactly(string name, float kink, float derivative)
    {
        var c = Cases[name];
        // The kink in a full vector and in the ragged end, between ordinary points that take the other branches.
        var data = new float[] { -2f, kink, 2.5f, 0.5f, kink, -0.5f, 3f, kink, -1f, kink, 0.25f };
        var seeds = data.Select((_, i) => 1.5f + i).ToArray();
        var (values, gradient) = ValueAndGradient(c, data, seeds);
        for (var i = 0; i < data.Length; i++)
        {
            var expectedGradient = 0f;
            c.Pullback(data[i], seeds[i], ref expectedGradient);
            Assert.True(
                SameBits(c.Scalar(data[i]), values[i]),
                Invariant($"{name}({data[i]:R}) at [{i}]: {values[i]:R}, the scalar method gives {c.Scalar(data[i]):R}"));
            Assert.True(
                SameBits(expectedGradient, gradient[i]),
                Invariant($"{name}Pullback({data[i]:R}, seed {seeds[i]:R}) at [{i}]: {gradient[i]:R}, the scalar pullback gives {expectedGradient:R}"));
            if (SameBits(data[i], kink))
            {
                Assert.Equal(derivative * seeds[i], gradient[i]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void NaN_and_infinities_propagate_as_in_the_scalar_method(string name)
    {
        var c = Cases[name];
        var data = new[]
        {
            float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, float.MaxValue, -float.MaxValue, float.Epsilon,
            -float.Epsilon, 1.17549435E-38f /* the smallest normal float */, 1f, -1f, 100f, -100f, 1e-30f, -1e-30f, 1e30f, -1e30f, -float.NaN,
        };
        var seeds = data.Select((_, i) => i % 3 == 0 ? 1f : -0.75f).ToArray();
        var (values, gradient) = ValueAndGradient(c, data, seeds);
        for (var i = 0; i < data.Length; i++)
        {
            var expectedGradient = 0f;
            c.Pullback(data[i], seeds[i], ref expectedGradient);
            var expectedValue = c.Scalar(data[i]);
            AssertSpecialAgrees(
                Invariant($"{name}({data[i]:R}) at [{i}]"),
                expectedValue,
                values[i],
                c.MaxUlps == 0 ? SameBits(expectedValue, values[i]) : FloatDistance.Ulps(expectedValue, values[i]) <= c.MaxUlps);
            AssertSpecialAgrees(
                Invariant($"{name}Pullback({data[i]:R}, seed {seeds[i]:R}) at [{i}]"),
                expectedGradient,
                gradient[i],
                c.GradientTolerance == 0
                    ? SameBits(expectedGradient, gradient[i])
                    : Math.Abs((double)gradient[i] - expectedGradient) <= c.GradientTolerance * Math.Max(Math.Abs(expectedGradient), Math.Abs(seeds[i])));
        }
    }

    /// <summary>NaN where the scalar form gives NaN, the same infinity where it gives one, and <paramref name="close"/> elsewhere.</summary>
    private static void AssertSpecialAgrees(string what, float expected, float actual, bool close)
    {
        var message = Invariant($"{what}: {actual:R}, the scalar form gives {expected:R}");
        Assert.True(float.IsNaN(expected) == float.IsNaN(actual), message);
        if (float.IsNaN(expected))
        {
            return;
        }

        Assert.True(float.IsInfinity(expected) ? expected == actual : float.IsFinite(actual) && close, message);
    }

    private static bool SameBits(float a, float b) => BitConverter.SingleToInt32Bits(a) == BitConverter.SingleToInt32Bits(b);

    /// <summary>The op's values at <paramref name="data"/> and the tape's gradient for the upstream <paramref name="seeds"/>.</summary>
    private static (float[] Values, float[] Gradient) ValueAndGradient(Case c, float[] data, float[] seeds)
    {
        var x = Tensor.From(data, data.Length);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = c.Op(x);
        return (y.ToArray(), tape.Gradient(y, x, outputGradients: Tensor.From(seeds, seeds.Length)).ToArray());
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
