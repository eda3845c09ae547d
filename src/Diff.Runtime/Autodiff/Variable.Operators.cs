namespace DiffGen;

// C# looks for operators only on the operands' own types, so a variable needs its own: each reads the variable
// (watched by recording tapes) and applies the tensor op. Numbers convert to tensors implicitly.
public sealed partial class Variable
{
    /// <summary>Adds the variable's value.</summary>
    public static Tensor operator +(Variable a, Variable b) => a.Value + b.Value;

    /// <summary>Adds the variable's value.</summary>
    public static Tensor operator +(Variable a, Tensor b) => a.Value + b;

    /// <summary>Adds the variable's value.</summary>
    public static Tensor operator +(Tensor a, Variable b) => a + b.Value;

    /// <summary>Subtracts with the variable's value.</summary>
    public static Tensor operator -(Variable a, Variable b) => a.Value - b.Value;

    /// <summary>Subtracts with the variable's value.</summary>
    public static Tensor operator -(Variable a, Tensor b) => a.Value - b;

    /// <summary>Subtracts with the variable's value.</summary>
    public static Tensor operator -(Tensor a, Variable b) => a - b.Value;

    /// <summary>Multiplies elementwise with the variable's value.</summary>
    public static Tensor operator *(Variable a, Variable b) => a.Value * b.Value;

    /// <summary>Multiplies elementwise with the variable's value.</summary>
    public static Tensor operator *(Variable a, Tensor b) => a.Value * b;

    /// <summary>Multiplies elementwise with the variable's value.</summary>
    public static Tensor operator *(Tensor a, Variable b) => a * b.Value;

    /// <summary>Divides elementwise with the variable's value.</summary>
    public static Tensor operator /(Variable a, Variable b) => a.Value / b.Value;

    /// <summary>Divides elementwise with the variable's value.</summary>
    public static Tensor operator /(Variable a, Tensor b) => a.Value / b;

    /// <summary>Divides elementwise with the variable's value.</summary>
    public static Tensor operator /(Tensor a, Variable b) => a / b.Value;

    /// <summary>The negated value.</summary>
    public static Tensor operator -(Variable x) => -x.Value;
}
