namespace DiffGen;

/// <summary>
/// Keras' <c>Reshape</c>: each sample takes <see cref="TargetShape"/> (one dimension may be −1, inferred); the batch
/// axis is kept. The elements are shared, not copied.
/// </summary>
public sealed class Reshape : Layer
{
    private readonly int[] _targetShape;

    /// <summary>Reshapes samples to <paramref name="targetShape"/> (without the batch axis).</summary>
    public Reshape(int[] targetShape, string? name = null)
        : base(name, "reshape")
    {
        ArgumentNullException.ThrowIfNull(targetShape);
        if (targetShape.Count(d => d == -1) > 1 || targetShape.Any(d => d < -1 || d == 0))
        {
            throw new ArgumentException($"Reshape: target shape ({string.Join(", ", targetShape)}) may hold one −1 and otherwise positive sizes.", nameof(targetShape));
        }

        _targetShape = (int[])targetShape.Clone(); // the caller's array stays theirs
    }

    /// <summary>The shape of each output sample as given (a −1 not yet inferred).</summary>
    public IReadOnlyList<int> TargetShape => _targetShape;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        var known = _targetShape.Where(d => d != -1).Aggregate(1L, (p, d) => p * d);
        var inferred = Array.IndexOf(_targetShape, -1);
        if ((inferred < 0 && known != sampleShape.Size) || (inferred >= 0 && sampleShape.Size % known != 0))
        {
            throw new ArgumentException($"Layer '{Name}' (Reshape) cannot reshape samples of shape {sampleShape} ({sampleShape.Size} elements) to ({string.Join(", ", _targetShape)}).");
        }

        var dimensions = (int[])_targetShape.Clone();
        if (inferred >= 0)
        {
            dimensions[inferred] = (int)(sampleShape.Size / known);
        }

        return new Shape(dimensions);
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["target_shape"] = (int[])_targetShape.Clone(),
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape) => ComputeOutputShape(sampleShape);

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) =>
        Ops.Reshape(inputs, [inputs.Shape[0], .. ComputeOutputShape(new Shape(inputs.Shape.Dimensions[1..].ToArray())).Dimensions]);
}
