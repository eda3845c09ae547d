namespace DiffGen;

/// <summary>
/// Two integers for the (height, width) axes — a Keras "int or tuple of 2 integers" argument such as
/// <c>kernel_size</c>, <c>strides</c>, <c>dilation_rate</c> or <c>pool_size</c>: <c>kernelSize: 3</c> means (3, 3),
/// <c>kernelSize: (3, 5)</c> means height 3 and width 5.
/// </summary>
public readonly record struct Int2(int Height, int Width)
{
    /// <summary>The same value on both axes.</summary>
    public static implicit operator Int2(int value) => new(value, value);

    /// <summary>(height, width).</summary>
    public static implicit operator Int2((int Height, int Width) value) => new(value.Height, value.Width);

    /// <summary>As a tuple, for the ops.</summary>
    public (int H, int W) AsTuple() => (Height, Width);

    /// <summary>As saved in a Keras config: [height, width].</summary>
    public int[] ToArray() => [Height, Width];

    /// <summary>Throws unless both values are at least 1; the message names the layer and the argument.</summary>
    internal Int2 RequirePositive(string layer, string argument) =>
        Height >= 1 && Width >= 1 ? this : throw new ArgumentOutOfRangeException(argument, $"{layer}: {argument} must be at least 1 on each axis, got ({Height}, {Width}).");

    /// <inheritdoc/>
    public override string ToString() => $"({Height}, {Width})";
}
