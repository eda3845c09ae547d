using System.ComponentModel;

namespace DiffGen.Generated;

/// <summary>
/// The <see cref="Loss"/> a <c>[TapeOp]</c> per-sample loss <c>F(yTrue, yPred)</c> generates as <c>FLoss</c>: per sample
/// (the last axis) the value of <c>F</c>, reduced as Keras does (mean over the batch). y_true and y_pred are reconciled
/// like the built-in elementwise losses (a vector of n values is n samples of one value). Created by generated code only.
/// </summary>
/// <typeparam name="TOp">The generated struct for the lifted method.</typeparam>
[EditorBrowsable(EditorBrowsableState.Never)]
public sealed class LiftedLoss<TOp> : Loss
    where TOp : struct, IRowwiseLossOp
{
    private readonly TOp _op;

    /// <summary>The loss named <paramref name="name"/> (the containing type and method, e.g. <c>MyLosses.SmoothL1</c>).</summary>
    public LiftedLoss(string name, TOp op)
        : base(name)
    {
        _op = op;
    }

    /// <inheritdoc/>
    protected override Tensor PerSample(Tensor yTrue, Tensor yPred)
    {
        var (t, p) = Elementwise(yTrue, yPred);
        return LiftedOps.RowwiseLoss(Name, t, p, _op);
    }
}
