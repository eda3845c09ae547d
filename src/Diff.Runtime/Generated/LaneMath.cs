using System.ComponentModel;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace DiffGen.Generated;

/// <summary>
/// Math functions over <see cref="Vector256{T}"/> lanes that <see cref="Vector256"/> lacks, for the vectorised bodies
/// of lifted ops (<see cref="IVectorizedElementwiseOp"/>): the generator maps <c>MathF.Tanh</c> here. Each is as
/// accurate as its scalar <c>MathF</c> counterpart (within 1 ulp of the exact value) and keeps its special values
/// (±0, ±∞, NaN). Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class LaneMath
{
    /// <summary>
    /// Below this, tanh(x) rounds to x in float (tanh x = x − x³/3 + …, and x²/3 &lt; 2⁻²⁵ is under half an ulp).
    /// </summary>
    private const float TanhLinearBelow = 1f / 4096;

    /// <summary>Above this, tanh(x) rounds to 1 in float (1 − tanh x ≈ 2e^(−2x) &lt; 2⁻²⁵).</summary>
    private const float TanhOneAbove = 9.1f;

    /// <summary>
    /// <c>MathF.Tanh</c> on every lane: (e − 1)/(e + 1) with e = exp(2|x|) computed in double precision, where the
    /// cancellation in e − 1 costs nothing a float can see, then rounded once to float and given x's sign.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<float> Tanh(Vector256<float> x)
    {
        var magnitude = Vector256.Abs(x);
        var (lower, upper) = Vector256.Widen(magnitude);
        var tanh = Vector256.Narrow(TanhOfMagnitude(lower), TanhOfMagnitude(upper));
        tanh = Vector256.ConditionalSelect(Vector256.LessThan(magnitude, Vector256.Create(TanhLinearBelow)), magnitude, tanh);
        tanh = Vector256.ConditionalSelect(Vector256.GreaterThan(magnitude, Vector256.Create(TanhOneAbove)), Vector256<float>.One, tanh);
        return Vector256.CopySign(tanh, x); // NaN stays NaN (no comparison holds for it; exp and the quotient keep it)
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> TanhOfMagnitude(Vector256<double> magnitude)
    {
        var e = Vector256.Exp(magnitude + magnitude);
        return (e - Vector256<double>.One) / (e + Vector256<double>.One);
    }
}
