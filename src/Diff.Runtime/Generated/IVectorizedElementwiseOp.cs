using System.ComponentModel;
using System.Runtime.Intrinsics;

namespace DiffGen.Generated;

/// <summary>
/// A lifted scalar function whose body the generator could also write over SIMD lanes: the same statements with
/// every per-element value a <see cref="Vector256{T}"/> of eight elements (arithmetic by the vector operators, the
/// math functions by <see cref="Vector256"/>'s, conditionals by <see cref="Vector256.ConditionalSelect{T}"/>).
/// <see cref="LiftedOps.VectorizedElementwise{TOp}(string, Tensor, TOp)"/> runs these eight elements at a time.
/// Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public interface IVectorizedElementwiseOp : IElementwiseOp
{
    /// <summary>The function's value at each lane of <paramref name="x"/>.</summary>
    Vector256<float> Value(Vector256<float> x);

    /// <summary><paramref name="seed"/> · ∂f/∂x at each lane of <paramref name="x"/>.</summary>
    Vector256<float> Pullback(Vector256<float> x, Vector256<float> seed);
}
