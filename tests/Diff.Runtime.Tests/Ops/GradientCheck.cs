using System.Globalization;
using System.Text;
using Xunit.Sdk;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Checks a tape gradient against central finite differences of a double-precision reference.
/// <para>
/// The op under test runs in float32 on the tape; its reference (<see cref="Reference"/>) is a naive double
/// re-implementation of the same function. A non-scalar output y is reduced with a random weight tensor w, so the
/// tape computes the gradient of Σ y·w (a full vector–Jacobian product, not just the gradient of a sum) and the
/// reference gives the same quantity by central differences of Σ ref(x)·w in double with step
/// h = <see cref="Step"/>·max(1, |xᵢ|). In double that quotient is accurate to ~1e-9, far below float32's rounding,
/// so the comparison measures the tape, not the finite differences.
/// </para>
/// <para>
/// Tolerances: the forward value must agree with the reference to <see cref="ForwardTolerance"/> relative (a few
/// float32 ulps through a small chain); each gradient element to <see cref="Tolerance"/>·max(1, |fd|) — float32
/// carries ~7 digits and a pullback chains a handful of float ops, so 1e-4 leaves room for rounding while any wrong
/// rule (a missing factor, a sign, a transpose, a broadcast summed wrongly) is off by O(1).
/// </para>
/// </summary>
internal static class GradientCheck
{
    /// <summary>Relative step of the central differences on the double reference.</summary>
    public const double Step = 1e-6;

    /// <summary>|tape − fd| ≤ Tolerance·max(1, |fd|) for each gradient element.</summary>
    public const double Tolerance = 1e-4;

    /// <summary>|forward − reference| ≤ ForwardTolerance·max(1, |reference|) for each output element.</summary>
    public const double ForwardTolerance = 1e-5;

    /// <summary>
    /// Checks <paramref name="op"/>'s forward value against <paramref name="reference"/> and its tape gradient with
    /// respect to every input against central differences of the reference, at the given inputs.
    /// </summary>
    /// <param name="what">Names the case in failure messages.</param>
    /// <param name="op">The op under test, on float tensors.</param>
    /// <param name="reference">The same function on double arrays.</param>
    /// <param name="inputs">The point; every input is watched and differentiated (they must be distinct tensors).</param>
    /// <param name="seed">Seeds the weight tensor.</param>
    /// <param name="constant">Per input, true when it gets no gradient (e.g. Where's condition): the tape must give null.</param>
    /// <param name="tolerance">The relative gradient tolerance.</param>
    /// <param name="forwardTolerance">The relative forward tolerance.</param>
    public static void Check(
        string what,
        Func<Tensor[], Tensor> op,
        Func<Ref[], Ref> reference,
        Tensor[] inputs,
        int seed,
        bool[]? constant = null,
        double tolerance = Tolerance,
        double forwardTolerance = ForwardTolerance)
    {
        var refs = inputs.Select(Ref.Of).ToArray();
        var expected = reference(refs);
        var y = op(inputs);
        AssertForward(what, inputs, y, expected, forwardTolerance);

        var w = Tensor.RandomNormal(y.Shape, seed);
        var wRef = Ref.Of(w);
        Tensor?[] gradients;
        using (var tape = new GradientTape())
        {
            foreach (var input in inputs)
            {
                tape.Watch(input);
            }

            var loss = Ops.ReduceSum(op(inputs) * w);
            gradients = tape.Gradient(loss, inputs);
        }

        for (var i = 0; i < inputs.Length; i++)
        {
            if (constant is not null && constant[i])
            {
                if (gradients[i] is not null)
                {
                    throw Fail(what, inputs, $"input {i} should get no gradient (null), got {gradients[i]}");
                }

                continue;
            }

            var fd = FiniteDifferences(reference, refs, wRef, i);
            var gradient = gradients[i];
            if (gradient is null)
            {
                if (fd.Data.All(v => v == 0))
                {
                    continue;
                }

                throw Fail(what, inputs, $"input {i}: the tape gave no gradient but finite differences give {fd}");
            }

            if (gradient.Shape != inputs[i].Shape)
            {
                throw Fail(what, inputs, $"input {i}: gradient shape {gradient.Shape} differs from the input's {inputs[i].Shape}");
            }

            AssertClose(what, inputs, $"gradient of input {i}", gradient.ToArray(), fd, tolerance);
        }
    }

    /// <summary>∂(Σ ref(x)·w)/∂xᵢ by central differences in double, for every element of input <paramref name="input"/>.</summary>
    public static Ref FiniteDifferences(Func<Ref[], Ref> reference, Ref[] point, Ref w, int input)
    {
        var x = point[input];
        var result = new double[x.Size];
        for (var j = 0; j < x.Size; j++)
        {
            var h = Step * Math.Max(1, Math.Abs(x.Data[j]));
            var plus = point.Select(p => p.Clone()).ToArray();
            var minus = point.Select(p => p.Clone()).ToArray();
            plus[input].Data[j] += h;
            minus[input].Data[j] -= h;
            result[j] = (Reference.Dot(reference(plus), w) - Reference.Dot(reference(minus), w)) / (plus[input].Data[j] - minus[input].Data[j]);
        }

        return new Ref((int[])x.Shape.Clone(), result);
    }

    /// <summary>Fails unless <paramref name="actual"/> has the reference's shape and values (within <see cref="ForwardTolerance"/>).</summary>
    public static void AssertForward(string what, Tensor[] inputs, Tensor actual, Ref expected, double tolerance = ForwardTolerance)
    {
        if (!actual.Shape.Dimensions.SequenceEqual(expected.Shape))
        {
            throw Fail(what, inputs, $"forward shape {actual.Shape} but the reference gives ({string.Join(", ", expected.Shape)})");
        }

        AssertClose(what, inputs, "forward value", actual.ToArray(), expected, tolerance);
    }

    private static void AssertClose(string what, Tensor[] inputs, string quantity, float[] actual, Ref expected, double tolerance)
    {
        for (var j = 0; j < actual.Length; j++)
        {
            var e = expected.Data[j];
            var a = (double)actual[j];
            var same = double.IsNaN(e) ? double.IsNaN(a) : double.IsInfinity(e) ? a == e : Math.Abs(a - e) <= tolerance * Math.Max(1, Math.Abs(e));
            if (!same)
            {
                var index = Reference.Indices(expected.Shape).ElementAt(j);
                throw Fail(what, inputs, string.Create(CultureInfo.InvariantCulture,
                    $"{quantity} at [{string.Join(", ", index)}]: got {a:R}, expected {e:R} (difference {Math.Abs(a - e):G3}, tolerance {tolerance:G2}·max(1, |expected|))\n  all got:      [{string.Join(", ", actual.Select(v => v.ToString("G6", CultureInfo.InvariantCulture)))}]\n  all expected: {expected}"));
            }
        }
    }

    private static XunitException Fail(string what, Tensor[] inputs, string message)
    {
        var text = new StringBuilder($"{what}: {message}");
        for (var i = 0; i < inputs.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n  input {i}: {Ref.Of(inputs[i])}");
        }

        return new XunitException(text.ToString());
    }
}

/// <summary>Seeded random shapes and points for the gradient checks.</summary>
internal static class Rand
{
    /// <summary>Values uniform in [lo, hi).</summary>
    public static Tensor Uniform(Random random, int[] shape, double lo, double hi) =>
        Tensor.From([.. Enumerable.Range(0, Reference.SizeOf(shape)).Select(_ => (float)(lo + ((hi - lo) * random.NextDouble())))], new Shape(shape));

    /// <summary>Values with a random sign and magnitude in [min, max): away from 0 (kinks, poles).</summary>
    public static Tensor AwayFromZero(Random random, int[] shape, double min, double max) =>
        Tensor.From([.. Enumerable.Range(0, Reference.SizeOf(shape)).Select(_ => (float)((random.Next(2) == 0 ? -1 : 1) * (min + ((max - min) * random.NextDouble()))))], new Shape(shape));

    /// <summary>
    /// Distinct values at least 0.6·<paramref name="gap"/> apart in a random order, so that a maximum or a comparison
    /// is never within a finite-difference step of a tie.
    /// </summary>
    public static Tensor Distinct(Random random, int[] shape, double gap = 0.1)
    {
        var size = Reference.SizeOf(shape);
        var values = Enumerable.Range(0, size).Select(i => (float)((i - (size / 2.0) + (0.4 * random.NextDouble())) * gap)).ToArray();
        random.Shuffle(values);
        return Tensor.From(values, new Shape(shape));
    }

    /// <summary>A shape of rank minRank..maxRank with dimensions minDim..maxDim.</summary>
    public static int[] Shape(Random random, int minRank, int maxRank, int minDim = 1, int maxDim = 4) =>
        [.. Enumerable.Range(0, random.Next(minRank, maxRank + 1)).Select(_ => random.Next(minDim, maxDim + 1))];

    /// <summary>
    /// Two shapes that broadcast together: a random output shape of rank 0–3, and for each operand a random number
    /// of leading axes dropped and random axes set to 1.
    /// </summary>
    public static (int[] A, int[] B) BroadcastPair(Random random)
    {
        var output = Shape(random, 0, 3, 2, 4);
        return (Operand(random, output), Operand(random, output));
    }

    /// <summary>A shape that broadcasts to <paramref name="output"/>.</summary>
    public static int[] Operand(Random random, int[] output)
    {
        var drop = random.Next(0, output.Length + 1);
        return [.. output.Skip(drop).Select(d => random.Next(3) == 0 ? 1 : d)];
    }
}
