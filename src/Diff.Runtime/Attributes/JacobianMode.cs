namespace DiffGen;

/// <summary>How a generated <c>{Name}Jacobian</c> computes the m×n Jacobian of a vector function.</summary>
public enum JacobianMode
{
    /// <summary>Forward mode (one Jacobian-vector product per input) when n ≤ m, reverse mode (one pullback per output) when m &lt; n.</summary>
    Auto = 0,

    /// <summary>One forward-mode pass (Jacobian-vector product) per input: column by column.</summary>
    Forward = 1,

    /// <summary>One reverse-mode pass (pullback) per output: row by row.</summary>
    Reverse = 2,
}
