namespace DiffGen;

public sealed partial class Tensor
{
    /// <summary>A scalar tensor from a double, rounded to float (as TensorFlow converts Python floats).</summary>
    public static implicit operator Tensor(double value) => Scalar((float)value);

    /// <summary><see cref="Ops.Add"/>.</summary>
    public static Tensor operator +(Tensor a, Tensor b) => Ops.Add(a, b);

    /// <summary><see cref="Ops.Subtract"/>.</summary>
    public static Tensor operator -(Tensor a, Tensor b) => Ops.Subtract(a, b);

    /// <summary><see cref="Ops.Multiply"/> (elementwise; <see cref="Ops.MatMul"/> is the matrix product).</summary>
    public static Tensor operator *(Tensor a, Tensor b) => Ops.Multiply(a, b);

    /// <summary><see cref="Ops.Divide"/>.</summary>
    public static Tensor operator /(Tensor a, Tensor b) => Ops.Divide(a, b);

    /// <summary><see cref="Ops.Negate"/>.</summary>
    public static Tensor operator -(Tensor x) => Ops.Negate(x);

    /// <summary><see cref="Ops.Greater"/>: 1 where a &gt; b, else 0.</summary>
    public static Tensor operator >(Tensor a, Tensor b) => Ops.Greater(a, b);

    /// <summary><see cref="Ops.Less"/>: 1 where a &lt; b, else 0.</summary>
    public static Tensor operator <(Tensor a, Tensor b) => Ops.Less(a, b);

    /// <summary><see cref="Ops.GreaterEqual"/>: 1 where a ≥ b, else 0.</summary>
    public static Tensor operator >=(Tensor a, Tensor b) => Ops.GreaterEqual(a, b);

    /// <summary><see cref="Ops.LessEqual"/>: 1 where a ≤ b, else 0.</summary>
    public static Tensor operator <=(Tensor a, Tensor b) => Ops.LessEqual(a, b);
}
