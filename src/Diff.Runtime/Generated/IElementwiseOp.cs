using System.ComponentModel;

namespace DiffGen.Generated;

/// <summary>
/// One scalar function lifted to tensors by <c>[TapeOp]</c>: the generator implements it as a private struct that
/// calls the user's method and its generated pullback, holding the op's constant parameters as fields. Passed to
/// <see cref="LiftedOps.Elementwise{TOp}(string, Tensor, TOp)"/> as a generic struct argument, so the JIT compiles
/// one loop per op and inlines these calls: no delegate or interface call per element. Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IElementwiseOp
{
    /// <summary>The function's value at <paramref name="x"/>.</summary>
    float Value(float x);

    /// <summary><paramref name="seed"/> · ∂f/∂x at <paramref name="x"/> (the generated pullback with that seed).</summary>
    float Pullback(float x, float seed);

    /// <summary>Whether <see cref="PullbackTangent"/> is available (the pullback is straight-line code).</summary>
    bool HasSecondOrder { get; }

    /// <summary>
    /// ∂Pullback(x, seed)/∂x · <paramref name="tangent"/> = <paramref name="seed"/> · f″(x) · <paramref name="tangent"/>:
    /// what a nested tape needs to differentiate the op's backward with respect to x.
    /// </summary>
    float PullbackTangent(float x, float seed, float tangent);
}
