namespace DiffGen;

/// <summary>
/// The backward half of an op: given the gradient of the target with respect to the op's output, the gradient with
/// respect to each input (null where the input needs none). Pullbacks are written with <see cref="Ops"/>, so an outer
/// <see cref="GradientTape"/> records them and nested tapes give higher derivatives.
/// </summary>
/// <param name="upstream">The gradient with respect to the op's output (the output's shape).</param>
/// <param name="needed">Per input, whether its gradient is wanted; a pullback may skip the work for the others.</param>
internal delegate Tensor?[] Pullback(Tensor upstream, ReadOnlySpan<bool> needed);
