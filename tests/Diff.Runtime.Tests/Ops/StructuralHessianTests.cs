using static DiffGen.Runtime.Tests.OpTests.Reference;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Second derivatives of the ops that mix elements (Softmax, MatMul, the reductions, Reshape, Concat/Slice, Transpose,
/// BroadcastTo, Where, the broadcast binary ops, Pow(a, b), Maximum/Minimum): for L(x) = Σ w·g(x) over all inputs
/// x = (x₀, x₁, …), nested tapes give H·v, compared with H·v of the double reference <see cref="Reference"/> by mixed
/// central differences in double — to float32's rounding, not to the ~1e-4 of differencing the float gradient.
/// </summary>
public class StructuralHessianTests
{
    /// <summary>
    /// The float tape's H·v may be off by <see cref="Rounding"/>·u·max|H·v| per element: every element is a sum of a
    /// few terms, each the end of a chain of at most ~20 float operations (forward, first and second pullback, the
    /// broadcast sums), so γ = 64u bounds it norm-wise (the worst case measured is 6.6u, BroadcastTo·Sigmoid, whose
    /// broadcast sum adds terms up to 11 times the result). A rule off by 1e-3 relative is ~16000u away. The points
    /// are fixed: one within a step of a Maximum/ReduceMax tie would fail loudly, never pass quietly.
    /// </summary>
    private const double Rounding = 64;

    /// <summary>
    /// The differencing step: Richardson on s and s/2 leaves truncation O(s⁴) ≈ 1e-10 and rounding
    /// ≈ 5·1e-16·|L|/s² ≈ 1e-9: far below <see cref="Rounding"/>·u ≈ 4e-6.
    /// </summary>
    private const double Step = 4e-3;

    private sealed record Case(Func<Tensor[], Tensor> G, Func<Ref[], Ref> R, int[][] Shapes);

    private static readonly Ref ColumnSelector = new([3], [1, 0, 1]);
    private static readonly Ref Ramp = new([2, 2, 3], [.. Enumerable.Range(0, 12).Select(i => (double)i)]);

    private static Ref Sq(Ref x) => Map(x, v => v * v);

    private static Ref Mul(Ref a, Ref b) => Binary(a, b, (p, q) => p * q);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["Softmax"] = new(t => Ops.Softmax(t[0]), r => Softmax(r[0], -1), [[2, 4]]),
        ["LogSoftmax axis 0"] = new(t => Ops.LogSoftmax(t[0], 0), r => Softmax(r[0], 0, log: true), [[3, 2]]),
        ["MatMul(x, x)"] = new(t => Ops.MatMul(t[0], t[0]), r => MatMul(r[0], r[0]), [[3, 3]]),
        ["MatMul(xᵀ, x)"] = new(t => Ops.MatMul(t[0], t[0], transposeA: true), r => MatMul(r[0], r[0], true, false), [[3, 3]]),
        ["MatMul(x, xᵀ)"] = new(t => Ops.MatMul(t[0], t[0], transposeB: true), r => MatMul(r[0], r[0], false, true), [[3, 3]]),
        ["MatMul(xᵀ, xᵀ)"] = new(t => Ops.MatMul(t[0], t[0], true, true), r => MatMul(r[0], r[0], true, true), [[3, 3]]),
        ["MatMul(a, b)²"] = new(t => Ops.Square(Ops.MatMul(t[0], t[1])), r => Sq(MatMul(r[0], r[1])), [[2, 3], [3, 2]]),
        ["MatMul(aᵀ, b)²"] = new(t => Ops.Square(Ops.MatMul(t[0], t[1], transposeA: true)), r => Sq(MatMul(r[0], r[1], true, false)), [[3, 2], [3, 2]]),
        ["MatMul(a, bᵀ)²"] = new(t => Ops.Square(Ops.MatMul(t[0], t[1], transposeB: true)), r => Sq(MatMul(r[0], r[1], false, true)), [[2, 3], [2, 3]]),
        ["MatMul(aᵀ, bᵀ)²"] = new(t => Ops.Square(Ops.MatMul(t[0], t[1], true, true)), r => Sq(MatMul(r[0], r[1], true, true)), [[3, 2], [2, 3]]),
        ["ReduceMean(x, 1)²"] = new(t => Ops.Square(Ops.ReduceMean(t[0], 1)), r => Sq(Reduce(r[0], Reduction.Mean, 1)), [[2, 3]]),
        ["ReduceSum·ReduceMax"] = new(t => Ops.ReduceSum(t[0], 0) * Ops.ReduceMax(t[0], 1, keepDims: true), r => Mul(Reduce(r[0], Reduction.Sum, 0), Reduce(r[0], Reduction.Max, 1, keepDims: true)), [[2, 3]]),
        ["Reshape·Exp"] = new(t => Ops.Exp(Ops.Reshape(t[0], 3, 2)) * Ops.Reshape(t[0], 3, 2), r => Mul(Map(Reshape(r[0], 3, 2), Math.Exp), Reshape(r[0], 3, 2)), [[2, 3]]),
        ["Concat + Slice"] = new(t => Ops.Square(Ops.Concat([t[0], Ops.Slice(t[0], 1, 1, 1)], 1)), r => Sq(Concat([r[0], Slice(r[0], 1, 1, 1)], 1)), [[2, 3]]),
        ["Transpose·Divide"] = new(t => Ops.Transpose(t[0]) / Ops.Transpose(Ops.Square(t[0]) + 1f), r => Binary(Transpose(r[0]), Transpose(Map(r[0], v => (v * v) + 1)), (p, q) => p / q), [[2, 3]]),
        ["BroadcastTo·Sigmoid"] = new(t => Ops.Sigmoid(Ops.BroadcastTo(t[0], new Shape(2, 2, 3))) * Tensor.From([.. Enumerable.Range(0, 12).Select(i => (float)i)], 2, 2, 3), r => Mul(Map(BroadcastTo(r[0], [2, 2, 3]), Sigmoid), Ramp), [[2, 1, 3]]),
        ["Where·Sin"] = new(t => Ops.Where(Tensor.From([1f, 0f, 1f]), Ops.Sin(t[0]), Ops.Cos(t[0])), r => Where(ColumnSelector, Map(r[0], Math.Sin), Map(r[0], Math.Cos)), [[2, 3]]),
        ["a·b broadcast"] = new(t => t[0] * t[1] * t[1], r => Mul(Mul(r[0], r[1]), r[1]), [[2, 3], [3]]),
        ["a / b"] = new(t => t[0] / (t[1] + 2f), r => Binary(r[0], Map(r[1], v => v + 2), (p, q) => p / q), [[2, 3], [2, 1]]),
        ["a − b, squared"] = new(t => Ops.Square(t[0] - t[1]), r => Sq(Binary(r[0], r[1], (p, q) => p - q)), [[3], [2, 3]]),
        ["Pow(a, b)"] = new(t => Ops.Pow(t[0] + 2f, t[1]), r => Binary(Map(r[0], v => v + 2), r[1], Math.Pow), [[2, 3], [3]]),
        ["Maximum(a, b)·a"] = new(t => Ops.Maximum(t[0], t[1]) * t[0], r => Mul(Binary(r[0], r[1], Math.Max), r[0]), [[2, 3], [2, 3]]),
        ["Minimum(a, b)·b"] = new(t => Ops.Minimum(t[0], t[1]) * t[1], r => Mul(Binary(r[0], r[1], Math.Min), r[1]), [[3], [2, 3]]),
        ["Exp(a)·Tanh(b)"] = new(t => Ops.Exp(t[0]) * Ops.Tanh(t[1]), r => Mul(Map(r[0], Math.Exp), Map(r[1], Math.Tanh)), [[2, 2], [2, 2]]),
    };

    public static TheoryData<string> Names => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Hessian_vector_products_match_the_double_reference(string name)
    {
        var c = Cases[name];
        var random = new Random(name.Length);
        var x = c.Shapes.Select(s => Rand.Uniform(random, s, -1, 1)).ToArray();
        var w = Tensor.RandomNormal(c.G(x).Shape, 5);
        var v = c.Shapes.Select((s, i) => Tensor.RandomNormal(new Shape(s), 6 + i)).ToArray();

        var actual = TapeHessianVector(c.G, x, w, v);
        var expected = ReferenceHessianVector(c.R, [.. x.Select(Ref.Of)], Ref.Of(w), [.. v.Select(Ref.Of)]);

        var bound = Rounding * PointwiseCheck.U * expected.SelectMany(e => e).Select(Math.Abs).DefaultIfEmpty(0).Max();
        for (var input = 0; input < x.Length; input++)
        {
            for (var i = 0; i < expected[input].Length; i++)
            {
                var error = Math.Abs(actual[input][i] - expected[input][i]);
                Assert.True(error <= bound, $"{name}: (H·v) of input {input} at {i} = {actual[input][i]:R}, the double reference gives {expected[input][i]:R} (off by {error:G3}, bound {bound:G3})");
            }
        }
    }

    [Fact]
    public void The_reference_recovers_a_known_Hessian()
    {
        // L = Σ w·a²·b over one element each: H = [[2wb, 2wa], [2wa, 0]], so H·(v₀, v₁) = (2w(b·v₀ + a·v₁), 2w·a·v₀).
        double a = 0.7, b = -1.3, w = 1.9, v0 = 0.4, v1 = -2.2;
        var hv = ReferenceHessianVector(r => Mul(Mul(r[0], r[0]), r[1]), [Ref.Scalar(a), Ref.Scalar(b)], Ref.Scalar(w), [Ref.Scalar(v0), Ref.Scalar(v1)]);
        Assert.Equal(2 * w * ((b * v0) + (a * v1)), hv[0][0], 1e-9);
        Assert.Equal(2 * w * a * v0, hv[1][0], 1e-9);
    }

    /// <summary>H·v from nested tapes: the outer gradient of ⟨∇L, v⟩.</summary>
    private static double[][] TapeHessianVector(Func<Tensor[], Tensor> g, Tensor[] x, Tensor w, Tensor[] v)
    {
        using var outer = new GradientTape();
        foreach (var input in x)
        {
            outer.Watch(input);
        }

        Tensor?[] gradient;
        using (var inner = new GradientTape())
        {
            foreach (var input in x)
            {
                inner.Watch(input);
            }

            gradient = inner.Gradient(Ops.ReduceSum(g(x) * w), x);
        }

        var directional = gradient.Select((d, i) => Ops.ReduceSum(d! * v[i])).Aggregate((p, q) => p + q);
        return [.. outer.Gradient(directional, x, unconnectedGradients: UnconnectedGradients.Zero).Select(h => h!.ToArray().Select(f => (double)f).ToArray())];
    }

    /// <summary>
    /// (H·v)ᵢⱼ = ∂²L/∂xᵢⱼ∂t at t = 0 along x + t·v: the mixed central difference
    /// [L(+h, +t) − L(−h, +t) − L(+h, −t) + L(−h, −t)] / 4ht with h = t = s, Richardson-extrapolated over s and s/2.
    /// </summary>
    private static double[][] ReferenceHessianVector(Func<Ref[], Ref> r, Ref[] x, Ref w, Ref[] v)
    {
        double L(int input, int element, double h, double t)
        {
            var point = x.Select((xi, k) => new Ref(xi.Shape, [.. xi.Data.Select((value, e) => value + (t * v[k].Data[e]))])).ToArray();
            point[input].Data[element] += h;
            return Dot(r(point), w);
        }

        double Mixed(int input, int element, double s) =>
            (L(input, element, s, s) - L(input, element, -s, s) - L(input, element, s, -s) + L(input, element, -s, -s)) / (4 * s * s);

        return [.. x.Select((xi, input) => Enumerable.Range(0, xi.Size)
            .Select(element => ((4 * Mixed(input, element, Step / 2)) - Mixed(input, element, Step)) / 3)
            .ToArray())];
    }
}
