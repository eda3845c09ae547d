using System;
using System.ComponentModel;

namespace DiffGen.Generated;

/// <summary>
/// Shape checks and clearing for the gradient of a jagged array parameter (<c>double[][] rows</c> gets
/// <c>double[][] drows</c> of the same shape). Called by generated code only.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class JaggedShape
{
    /// <summary>
    /// Throws unless <paramref name="gradient"/> has as many rows as <paramref name="input"/>, each of the same length.
    /// The message names both parameters, the row and the lengths; nothing is changed.
    /// </summary>
    public static void Check<T>(T[][] input, T[][] gradient, string inputName, string gradientName)
    {
        ArgumentNullException.ThrowIfNull(gradient, gradientName);
        if (gradient.Length != input.Length)
        {
            throw new ArgumentException(
                $"The gradient buffer '{gradientName}' has {gradient.Length} rows but '{inputName}' has {input.Length}; they must be equal.", gradientName);
        }

        for (var row = 0; row < input.Length; row++)
        {
            var inputLength = input[row]?.Length ?? 0;
            if (gradient[row] is null || gradient[row].Length != inputLength)
            {
                var gradientLength = gradient[row] is null ? "null" : "length " + gradient[row].Length;
                throw new ArgumentException(
                    $"Row {row} of the gradient buffer '{gradientName}' is {gradientLength} but row {row} of '{inputName}' has length {inputLength}; they must be equal.",
                    gradientName);
            }
        }
    }

    /// <summary>Sets every element of every row to zero (Grad overwrites the gradient; Pullback adds into it).</summary>
    public static void Clear<T>(T[][] gradient)
    {
        foreach (var row in gradient)
        {
            Array.Clear(row);
        }
    }
}
