namespace DiffGen;

/// <summary>
/// What Keras' 2-D pooling layers share: a window (<c>pool_size</c>, default 2×2), strides (default: the window, so
/// windows do not overlap) and padding, over channels-last batches (batch, height, width, channels). No weights.
/// </summary>
public abstract class Pooling2D : Layer
{
    /// <summary>A pooling layer; <paramref name="strides"/> null means <paramref name="poolSize"/>.</summary>
    protected Pooling2D(Int2? poolSize, Int2? strides, string padding, string? name, string defaultPrefix)
        : base(name, defaultPrefix)
    {
        PoolSize = (poolSize ?? 2).RequirePositive(TypeName, nameof(poolSize));
        Strides = (strides ?? PoolSize).RequirePositive(TypeName, nameof(strides));
        Padding = ConvolutionArguments.Padding(TypeName, padding, allowCausal: false);
    }

    /// <summary>The window (height, width).</summary>
    public Int2 PoolSize { get; }

    /// <summary>The step between windows.</summary>
    public Int2 Strides { get; }

    /// <summary><c>"valid"</c> or <c>"same"</c>.</summary>
    public string Padding { get; }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        if (sampleShape.Rank != 3)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}) expects inputs of shape (batch, height, width, channels) but received input of shape {LayerShapes.WithNoneBatch(sampleShape)}.");
        }

        var g = Kernels.WindowGeometry.Create($"Layer '{Name}' ({TypeName})", new Shape([1, .. sampleShape.Dimensions]), PoolSize.AsTuple(), Strides.AsTuple(), (1, 1), Padding, LayerShapes.WithNoneBatch(sampleShape));
        return new Shape(g.OutHeight, g.OutWidth, g.Channels);
    }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["pool_size"] = PoolSize.ToArray(),
        ["strides"] = Strides.ToArray(),
        ["padding"] = Padding,
        ["data_format"] = "channels_last",
    };

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape) => ComputeOutputShape(sampleShape);

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape) => ComputeOutputShape(sampleShape);
}
