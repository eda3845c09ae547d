namespace DiffGen;

/// <summary>
/// Makes a layer's starting weights (Keras' <c>keras.initializers</c>). Seeded: a given seed gives the same tensor
/// every time; without one each call takes the next seed of <see cref="RandomSeed"/>.
/// </summary>
public abstract class Initializer
{
    /// <summary>An initializer with an optional fixed seed.</summary>
    protected Initializer(int? seed) => Seed = seed;

    /// <summary>The fixed seed, or null to draw one from <see cref="RandomSeed"/> per call.</summary>
    public int? Seed { get; }

    /// <summary>The Keras name (<c>glorot_uniform</c>, …).</summary>
    public abstract string Name { get; }

    /// <summary>A new tensor of shape <paramref name="shape"/>.</summary>
    public Tensor Generate(Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        return Generate(shape, new Random(Seed ?? RandomSeed.Next()));
    }

    /// <summary>A string names an initializer: <c>kernelInitializer: "he_normal"</c>.</summary>
    public static implicit operator Initializer(string name) => Initializers.Get(name);

    /// <summary>Draws the values.</summary>
    protected abstract Tensor Generate(Shape shape, Random random);

    /// <summary>Keras' fan-in and fan-out: a (in, out) kernel gives (in, out); higher ranks multiply by the receptive field.</summary>
    protected static (double FanIn, double FanOut) Fans(Shape shape)
    {
        return shape.Rank switch
        {
            0 => (1, 1),
            1 => (shape[0], shape[0]),
            2 => (shape[0], shape[1]),
            _ => Receptive(shape),
        };

        static (double, double) Receptive(Shape shape)
        {
            double field = 1;
            for (var i = 0; i < shape.Rank - 2; i++)
            {
                field *= shape[i];
            }

            return (shape[-2] * field, shape[-1] * field);
        }
    }

    /// <summary>Uniform values in [−limit, limit).</summary>
    protected static Tensor Uniform(Shape shape, Random random, double minValue, double maxValue)
    {
        var data = new float[shape.Size];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(minValue + ((maxValue - minValue) * random.NextDouble()));
        }

        return new Tensor(data, shape);
    }

    /// <summary>Normal values; when truncated, draws beyond two standard deviations are redrawn (Keras' truncated normal).</summary>
    protected static Tensor Normal(Shape shape, Random random, double mean, double stddev, bool truncated)
    {
        var data = new float[shape.Size];
        for (var i = 0; i < data.Length; i++)
        {
            double z;
            do
            {
                z = Tensor.StandardNormal(random);
            }
            while (truncated && Math.Abs(z) > 2);
            data[i] = (float)(mean + (stddev * z));
        }

        return new Tensor(data, shape);
    }
}
