using DiffGen.Kernels;

namespace DiffGen;

public static partial class Ops
{
    /// <summary>
    /// A layer's <c>act(x + bias)</c> as one op, for <c>act</c> ReLU or linear: one pass forward, and backward one pass
    /// for the ReLU mask and one for the bias gradient (the per-channel sums), instead of a broadcast add, a
    /// comparison, a product and a broadcast reduction. <paramref name="bias"/> (null: none) runs along the last axis.
    /// </summary>
    internal static Tensor BiasActivation(Tensor x, Tensor? bias, bool relu)
    {
        var channels = x.Rank == 0 ? 1 : x.Shape[-1];
        if (bias is not null && (bias.Rank != 1 || bias.Shape[0] != channels))
        {
            throw new ArgumentException($"BiasAdd: the bias has shape {bias.Shape.ToCompactString()} but the input {x.Shape.ToCompactString()} has {channels} channels on its last axis.", nameof(bias));
        }

        var values = TensorBufferPool.Rent(x.Size);
        if (values.Length > 0)
        {
            BiasActivationKernels.Forward(x.Data, bias is null ? default : bias.Data, values, channels, relu);
        }

        var y = new Tensor(values, x.Shape);
        var name = relu ? "BiasRelu" : "BiasAdd";
        if (bias is null)
        {
            return TapeRecorder.Record(name, y, [x], (dy, _) => [relu ? ReluMask(dy, y) : dy]);
        }

        return TapeRecorder.Record(name, y, [x, bias], (dy, need) =>
        {
            var dz = relu ? ReluMask(dy, y) : dy;
            return [need[0] ? dz : null, need[1] ? SumToLastAxis(dz) : null];
        });
    }

    /// <summary>
    /// <paramref name="dy"/> where <paramref name="y"/> (a ReLU's output) is positive, else 0: ReLU's pullback. Linear in
    /// dy, so its own pullback is itself; y only selects (its derivative is 0 almost everywhere).
    /// </summary>
    internal static Tensor ReluMask(Tensor dy, Tensor y)
    {
        var values = TensorBufferPool.Rent(dy.Size);
        BiasActivationKernels.ReluMask(dy.Data, y.Data, values);
        var dz = new Tensor(values, dy.Shape);
        return TapeRecorder.Record("ReluMask", dz, [dy], (ddz, _) => [ReluMask(ddz, y)]);
    }

    /// <summary>The sums over every axis but the last (a bias gradient): shape (channels).</summary>
    internal static Tensor SumToLastAxis(Tensor x)
    {
        var channels = x.Rank == 0 ? 1 : x.Shape[-1];
        var values = TensorBufferPool.Rent(channels);
        BiasActivationKernels.ColumnSums(x.Data, values, channels);
        var y = new Tensor(values, new Shape(channels));
        return TapeRecorder.Record("SumToLastAxis", y, [x], (dy, _) => [BroadcastTo(dy, x.Shape)]);
    }
}
