namespace DiffGen;

/// <summary>
/// Keras' <c>Dropout</c>: while training, zeroes each input with probability <see cref="Rate"/> and scales the rest
/// by 1 / (1 − rate), so the expected value is unchanged; at inference it passes inputs through.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly Random _random;

    /// <summary>Drops with probability <paramref name="rate"/> in [0, 1); masks come from <paramref name="seed"/> (or the <see cref="RandomSeed"/> stream).</summary>
    public Dropout(double rate, int? seed = null, string? name = null)
        : base(name, "dropout")
    {
        if (rate is < 0 or >= 1 || double.IsNaN(rate))
        {
            throw new ArgumentOutOfRangeException(nameof(rate), rate, "Dropout: rate must be in [0, 1).");
        }

        Rate = rate;
        Seed = seed;
        _random = new Random(seed ?? RandomSeed.Next());
    }

    /// <summary>The probability of dropping an input.</summary>
    public double Rate { get; }

    /// <summary>The mask seed, if fixed.</summary>
    public int? Seed { get; }

    /// <inheritdoc/>
    public override Shape ComputeOutputShape(Shape sampleShape) => sampleShape;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> GetConfig() =>
        new Dictionary<string, object?> { ["name"] = Name, ["rate"] = Rate, ["seed"] = Seed };

    /// <inheritdoc/>
    protected override void CheckInput(Shape sampleShape, Shape batchShape)
    {
        // Dropout works on any shape.
    }

    /// <inheritdoc/>
    protected override Tensor Forward(Tensor inputs, bool training)
    {
        if (!training || Rate == 0)
        {
            return inputs;
        }

        var scale = (float)(1 / (1 - Rate));
        var mask = TensorBufferPool.Rent(inputs.Size);
        for (var i = 0; i < mask.Length; i++)
        {
            mask[i] = _random.NextDouble() >= Rate ? scale : 0f;
        }

        return inputs * new Tensor(mask, inputs.Shape);
    }
}
