using System.Collections;

namespace DiffGen;

/// <summary>
/// The dimensions of a <see cref="Tensor"/>, outermost first (row-major). Rank 0 is a scalar. Immutable; two shapes
/// are equal when their dimensions are.
/// </summary>
public sealed class Shape : IEquatable<Shape>, IReadOnlyList<int>
{
    private readonly int[] _dimensions;

    /// <summary>The shape of a scalar: rank 0, one element.</summary>
    public static Shape Scalar { get; } = new();

    /// <summary>A shape with the given dimensions; each must be zero or more.</summary>
    /// <exception cref="ArgumentException">A dimension is negative.</exception>
    public Shape(params int[] dimensions)
    {
        ArgumentNullException.ThrowIfNull(dimensions);
        long size = 1;
        foreach (var dimension in dimensions)
        {
            if (dimension < 0)
            {
                throw new ArgumentException($"Shape {Format(dimensions)} has a negative dimension.", nameof(dimensions));
            }

            size *= dimension;
            if (size > Array.MaxLength)
            {
                throw new ArgumentException($"Shape {Format(dimensions)} has more elements than an array can hold.", nameof(dimensions));
            }
        }

        _dimensions = (int[])dimensions.Clone();
        Size = (int)size;
    }

    /// <summary>The number of dimensions.</summary>
    public int Rank => _dimensions.Length;

    /// <summary>The number of elements: the product of the dimensions (1 for a scalar).</summary>
    public int Size { get; }

    /// <summary>The dimensions, outermost first.</summary>
    public ReadOnlySpan<int> Dimensions => _dimensions;

    /// <summary>The size of dimension <paramref name="axis"/>; a negative axis counts from the end, as in NumPy.</summary>
    public int this[int axis] => _dimensions[NormalizeAxis(axis, "Shape")];

    int IReadOnlyCollection<int>.Count => _dimensions.Length;

    /// <summary>Turns a possibly negative axis into 0..Rank-1, or throws naming <paramref name="op"/> and the shape.</summary>
    public int NormalizeAxis(int axis, string op)
    {
        var normalized = axis < 0 ? axis + Rank : axis;
        if (normalized < 0 || normalized >= Rank)
        {
            throw new ArgumentOutOfRangeException(nameof(axis), axis, $"{op}: axis {axis} is out of range for shape {this} (rank {Rank}).");
        }

        return normalized;
    }

    /// <summary>The dimensions as a new array.</summary>
    public int[] ToArray() => (int[])_dimensions.Clone();

    /// <summary>The number of elements of one step along <paramref name="axis"/>: the product of the later dimensions.</summary>
    internal int Stride(int axis)
    {
        var stride = 1;
        for (var i = axis + 1; i < _dimensions.Length; i++)
        {
            stride *= _dimensions[i];
        }

        return stride;
    }

    /// <summary>The same shape with dimension <paramref name="axis"/> replaced (or removed when <paramref name="size"/> is null).</summary>
    internal Shape WithDimension(int axis, int? size)
    {
        var dimensions = new List<int>(_dimensions);
        if (size is { } value)
        {
            dimensions[axis] = value;
        }
        else
        {
            dimensions.RemoveAt(axis);
        }

        return new Shape([.. dimensions]);
    }

    /// <inheritdoc/>
    public bool Equals(Shape? other) => other is not null && _dimensions.AsSpan().SequenceEqual(other._dimensions);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as Shape);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var dimension in _dimensions)
        {
            hash.Add(dimension);
        }

        return hash.ToHashCode();
    }

    /// <summary>Shapes are equal when their dimensions are.</summary>
    public static bool operator ==(Shape? left, Shape? right) => left is null ? right is null : left.Equals(right);

    /// <summary>Shapes differ when their dimensions do.</summary>
    public static bool operator !=(Shape? left, Shape? right) => !(left == right);

    /// <summary>A shape from its dimensions: <c>Shape s = new[] { 2, 3 };</c>.</summary>
    public static implicit operator Shape(int[] dimensions) => new(dimensions);

    /// <summary>TensorFlow's notation: <c>()</c>, <c>(3,)</c>, <c>(2, 3)</c>.</summary>
    public override string ToString() => Format(_dimensions);

    /// <summary>The compact notation error messages use: <c>(100,3)</c>.</summary>
    internal string ToCompactString() => _dimensions.Length == 1 ? $"({_dimensions[0]},)" : $"({string.Join(",", _dimensions)})";

    /// <inheritdoc/>
    public IEnumerator<int> GetEnumerator() => ((IEnumerable<int>)_dimensions).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private static string Format(int[] dimensions) => dimensions.Length == 1 ? $"({dimensions[0]},)" : $"({string.Join(", ", dimensions)})";
}
