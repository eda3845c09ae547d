using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Functional;

/// <summary>
/// The functional model most tests here use, with fixed weights, and its double-precision reference:
/// <code>
/// a (3) ─┐                        ┌─ Concatenate ── Dense(2) "wide"   (output 0)
///        ├─ shared Dense(4, tanh) ┤
/// b (3) ─┘   (called on a and b)  └─ Add ───────── Dense(1) "narrow" (output 1)
/// </code>
/// Two inputs, two outputs, a layer called twice, and both merge layers.
/// </summary>
internal sealed class TwoTowerModel
{
    public TwoTowerModel(string prefix, int seed = 1)
    {
        A = new Input([3], $"{prefix}_a");
        B = new Input([3], $"{prefix}_b");
        Shared = new Dense(4, activation: "tanh", name: $"{prefix}_shared");
        var ha = Shared.Call(A);
        var hb = Shared.Call(B);
        Concatenate = new Concatenate(name: $"{prefix}_concat");
        Add = new Add(name: $"{prefix}_add");
        Wide = new Dense(2, name: $"{prefix}_wide");
        Narrow = new Dense(1, name: $"{prefix}_narrow");
        Model = new Model([A, B], [Wide.Call(Concatenate.Call(ha, hb)), Narrow.Call(Add.Call(ha, hb))], name: $"{prefix}_model");
        SetWeights(seed);
    }

    public Input A { get; }

    public Input B { get; }

    public Dense Shared { get; }

    public Concatenate Concatenate { get; }

    public Add Add { get; }

    public Dense Wide { get; }

    public Dense Narrow { get; }

    public Model Model { get; }

    /// <summary>The trainable weights in the order <see cref="Reference"/> takes them after the two inputs.</summary>
    public IReadOnlyList<Variable> Weights => [.. Shared.Weights, .. Wide.Weights, .. Narrow.Weights];

    public static (Tensor Xa, Tensor Xb) Inputs(int samples, int seed) =>
        (Tensor.RandomNormal(new Shape(samples, 3), seed), Tensor.RandomNormal(new Shape(samples, 3), seed + 1));

    public static (Tensor Wide, Tensor Narrow) Targets(int samples, int seed) =>
        (Tensor.RandomNormal(new Shape(samples, 2), seed), Tensor.RandomNormal(new Shape(samples, 1), seed + 1));

    /// <summary>
    /// Both outputs for [xa, xb, shared kernel, shared bias, wide kernel, wide bias, narrow kernel, narrow bias],
    /// flattened into one vector (wide's n×2 values, then narrow's n×1), in double.
    /// </summary>
    public static Ref Reference(Ref[] p)
    {
        var n = p[0].Shape[0];
        var ha = Dense(p[0], p[2], p[3], Math.Tanh);
        var hb = Dense(p[1], p[2], p[3], Math.Tanh);
        var joined = new Ref([n, 8], [.. Enumerable.Range(0, n).SelectMany(i => ha.Data.Skip(i * 4).Take(4).Concat(hb.Data.Skip(i * 4).Take(4)))]);
        var sum = new Ref([n, 4], [.. ha.Data.Zip(hb.Data, (u, v) => u + v)]);
        var wide = Dense(joined, p[4], p[5], v => v);
        var narrow = Dense(sum, p[6], p[7], v => v);
        return new Ref([(n * 2) + n], [.. wide.Data, .. narrow.Data]);
    }

    /// <summary>x·K + b, then the activation, with a direct loop in double.</summary>
    public static Ref Dense(Ref x, Ref kernel, Ref bias, Func<double, double> activation)
    {
        int n = x.Shape[0], inputs = kernel.Shape[0], units = kernel.Shape[1];
        var y = new double[n * units];
        for (var i = 0; i < n; i++)
        {
            for (var u = 0; u < units; u++)
            {
                var s = bias.Data[u];
                for (var k = 0; k < inputs; k++)
                {
                    s += x.Data[(i * inputs) + k] * kernel.Data[(k * units) + u];
                }

                y[(i * units) + u] = activation(s);
            }
        }

        return new Ref([n, units], y);
    }

    private void SetWeights(int seed)
    {
        var layers = new[] { Shared, Wide, Narrow };
        for (var i = 0; i < layers.Length; i++)
        {
            var weights = layers[i].Weights;
            layers[i].SetWeights([.. weights.Select((w, k) => Tensor.RandomNormal(w.Shape, (seed * 100) + (i * 10) + k, stddev: 0.5f))]);
        }
    }
}
