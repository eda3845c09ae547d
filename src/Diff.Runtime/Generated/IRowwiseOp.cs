using System.ComponentModel;

namespace DiffGen.Generated;

/// <summary>
/// A <c>[TapeOp]</c> span function <c>float F(ReadOnlySpan&lt;float&gt; row, constants…)</c> lifted to tensors: the
/// generator implements it as a private struct calling <c>F</c> and <c>FPullback</c>, passed to
/// <see cref="LiftedOps.Rowwise{TOp}(string, Tensor, TOp)"/> as a generic struct argument. Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRowwiseOp
{
    /// <summary>The function's value on one row.</summary>
    float Value(ReadOnlySpan<float> row);

    /// <summary>Adds <paramref name="seed"/> · ∂F/∂row to <paramref name="gradient"/> (the generated pullback).</summary>
    void Pullback(ReadOnlySpan<float> row, float seed, Span<float> gradient);
}

/// <summary>
/// A <c>[TapeOp]</c> per-sample loss <c>float F([NoDerivative] ReadOnlySpan&lt;float&gt; yTrue, ReadOnlySpan&lt;float&gt; yPred, constants…)</c>
/// lifted to tensors (<see cref="LiftedOps.RowwiseLoss{TOp}(string, Tensor, Tensor, TOp)"/>, <see cref="LiftedLoss{TOp}"/>).
/// Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IRowwiseLossOp
{
    /// <summary>The loss of one sample.</summary>
    float Value(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred);

    /// <summary>Adds <paramref name="seed"/> · ∂F/∂yPred to <paramref name="gradient"/> (the generated pullback).</summary>
    void Pullback(ReadOnlySpan<float> yTrue, ReadOnlySpan<float> yPred, float seed, Span<float> gradient);
}

/// <summary>
/// A <c>[TapeOp]</c> unit function <c>float F(ReadOnlySpan&lt;float&gt; weights, ReadOnlySpan&lt;float&gt; input, constants…)</c>
/// lifted to a layer op (<see cref="LiftedOps.Units{TOp}(string, Tensor, Tensor, TOp)"/>, <see cref="SpanLayer"/>): each
/// output unit is <c>F</c> of its own row of weights and the sample. Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IUnitOp
{
    /// <summary>One unit's output for one sample.</summary>
    float Value(ReadOnlySpan<float> weights, ReadOnlySpan<float> input);

    /// <summary>Adds <paramref name="seed"/> · ∂F/∂weights and ∂F/∂input to the two gradients (the generated pullback).</summary>
    void Pullback(ReadOnlySpan<float> weights, ReadOnlySpan<float> input, float seed, Span<float> weightsGradient, Span<float> inputGradient);
}
