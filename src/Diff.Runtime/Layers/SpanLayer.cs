namespace DiffGen;

/// <summary>
/// A layer of <see cref="Units"/> units whose forward is a <c>[Differentiable, TapeOp]</c> unit function
/// <c>static float Unit(ReadOnlySpan&lt;float&gt; weights, ReadOnlySpan&lt;float&gt; input)</c>: each unit owns one row
/// of the kernel (shape (units, <see cref="WeightsPerUnit"/>)), and its output for a sample is the function of that row
/// and the sample. The generator emits <c>UnitOp(Tensor kernel, Tensor inputs)</c>, whose backward is the generated
/// <c>UnitPullback</c>; a subclass returns it from <see cref="Apply"/>:
/// <code>
/// public sealed partial class Rbf(int units) : SpanLayer(units)
/// {
///     [Differentiable, TapeOp]
///     public static float Unit(ReadOnlySpan&lt;float&gt; w, ReadOnlySpan&lt;float&gt; x) { … }
///     protected override Tensor Apply(Tensor kernel, Tensor inputs) =&gt; UnitOp(kernel, inputs);
/// }
/// </code>
/// The kernel is created on the first call (or <c>Build</c>) from the input's last axis, and trains under
/// <see cref="O:DiffGen.Model.Fit"/> like any layer's weights.
/// </summary>
public abstract class SpanLayer : Layer
{
    private readonly Initializer _kernelInitializer;
    private Variable? _kernel;

    /// <summary>A layer of <paramref name="units"/> units.</summary>
    /// <param name="units">The number of outputs per sample (≥ 1).</param>
    /// <param name="kernelInitializer">An initializer or its Keras name; default <c>glorot_uniform</c>.</param>
    /// <param name="name">The layer name; default <c>span_layer</c>, <c>span_layer_1</c>, …</param>
    protected SpanLayer(int units, Initializer? kernelInitializer = null, string? name = null)
        : base(name, "span_layer")
    {
        if (units < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(units), units, "SpanLayer: units must be at least 1.");
        }

        Units = units;
        _kernelInitializer = kernelInitializer ?? new GlorotUniform();
    }

    /// <summary>The number of outputs per sample.</summary>
    public int Units { get; }

    /// <summary>The kernel, shape (units, weights per unit); null until built.</summary>
    public Variable? Kernel => _kernel;

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        return sampleShape.Rank == 0 ? new Shape(Units) : new Shape([.. sampleShape.Dimensions[..^1], Units]);
    }

    /// <summary>
    /// <c>name</c> and <c>units</c>, which <see cref="Model.Save"/> writes under the subclass's class name;
    /// <see cref="Model.Load"/> hands them to the factory given for that class in its <c>customLayers</c>
    /// (<c>c =&gt; new Rbf((int)c["units"]!, (string?)c["name"])</c>). A subclass with more constructor arguments adds them here.
    /// </summary>
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?> { ["name"] = Name, ["units"] = Units };

    /// <summary>
    /// How many weights each unit has for samples of <paramref name="inputFeatures"/> features (the input's last
    /// axis): by default one per feature and a bias, <c>inputFeatures + 1</c>.
    /// </summary>
    protected virtual int WeightsPerUnit(int inputFeatures) => inputFeatures + 1;

    /// <summary>The layer's op on a batch: the generated <c>UnitOp(kernel, inputs)</c> of the unit function.</summary>
    protected abstract Tensor Apply(Tensor kernel, Tensor inputs);

    /// <inheritdoc/>
    protected override void BuildCore(Shape sampleShape)
    {
        ArgumentNullException.ThrowIfNull(sampleShape);
        if (sampleShape.Rank == 0)
        {
            throw new ArgumentException($"Layer '{Name}' ({TypeName}): samples are scalars; a SpanLayer reads each sample's last axis, e.g. inputs of shape (n, d).");
        }

        var perUnit = WeightsPerUnit(sampleShape[-1]);
        if (perUnit < 0)
        {
            throw new InvalidOperationException($"Layer '{Name}' ({TypeName}): WeightsPerUnit({sampleShape[-1]}) is {perUnit}; it must be ≥ 0.");
        }

        _kernel = AddWeight("kernel", new Shape(Units, perUnit), _kernelInitializer);
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training) => Apply(_kernel!, inputs);
}
