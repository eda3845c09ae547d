namespace DiffGen;

public sealed partial class Tensor
{
    /// <summary>
    /// A tensor holding a copy of <paramref name="data"/> with the given shape; with no shape, a vector of
    /// <c>data.Length</c> elements. <c>Tensor.From(new float[] { 1, 2, 3, 4 }, 2, 2)</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The shape's size is not the number of values.</exception>
    public static Tensor From(float[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(shape);
        return From(data, shape.Length == 0 ? new Shape(data.Length) : new Shape(shape));
    }

    /// <summary>A tensor holding a copy of <paramref name="data"/> with shape <paramref name="shape"/>.</summary>
    /// <exception cref="ArgumentException">The shape's size is not the number of values.</exception>
    public static Tensor From(ReadOnlySpan<float> data, Shape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (data.Length != shape.Size)
        {
            throw new ArgumentException($"Tensor.From: {data.Length} values do not fill shape {shape} ({shape.Size} elements).", nameof(data));
        }

        return new Tensor(data.ToArray(), shape);
    }

    /// <summary>A matrix holding a copy of a rectangular array.</summary>
    public static Tensor From(float[,] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        int rows = data.GetLength(0), columns = data.GetLength(1);
        var values = new float[rows * columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                values[(i * columns) + j] = data[i, j];
            }
        }

        return new Tensor(values, new Shape(rows, columns));
    }

    /// <summary>A tensor from double-precision values, each rounded to the nearest float.</summary>
    public static Tensor From(double[] data, params int[] shape)
    {
        ArgumentNullException.ThrowIfNull(data);
        var values = new float[data.Length];
        for (var i = 0; i < data.Length; i++)
        {
            values[i] = (float)data[i];
        }

        return From(values, shape);
    }

    /// <summary>A rank-0 tensor holding <paramref name="value"/>.</summary>
    public static Tensor Scalar(float value) => new([value], Shape.Scalar);

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(params int[] shape) => Zeros(new Shape(shape));

    /// <summary>A tensor of zeros.</summary>
    public static Tensor Zeros(Shape shape) => Fill(shape, 0f);

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(params int[] shape) => Ones(new Shape(shape));

    /// <summary>A tensor of ones.</summary>
    public static Tensor Ones(Shape shape) => Fill(shape, 1f);

    /// <summary>A tensor whose every element is <paramref name="value"/>.</summary>
    public static Tensor Fill(Shape shape, float value)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var data = new float[shape.Size];
        if (value != 0f)
        {
            data.AsSpan().Fill(value);
        }

        return new Tensor(data, shape);
    }

    /// <summary>
    /// Normally distributed values (Box–Muller over <see cref="Random"/> seeded with <paramref name="seed"/>): the same
    /// seed gives the same tensor on every machine and run.
    /// </summary>
    public static Tensor RandomNormal(Shape shape, int seed, float mean = 0f, float stddev = 1f)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var random = new Random(seed);
        var data = new float[shape.Size];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = mean + (stddev * (float)StandardNormal(random));
        }

        return new Tensor(data, shape);
    }

    /// <summary>Values uniform in [<paramref name="minValue"/>, <paramref name="maxValue"/>), reproducible from <paramref name="seed"/>.</summary>
    public static Tensor RandomUniform(Shape shape, int seed, float minValue = 0f, float maxValue = 1f)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var random = new Random(seed);
        var data = new float[shape.Size];

        // A draw within 2⁻²⁵ of 1 rounds up to 1f and would land on maxValue: the largest float below it instead.
        var below = MathF.BitDecrement(maxValue);
        for (var i = 0; i < data.Length; i++)
        {
            var value = minValue + ((maxValue - minValue) * (float)random.NextDouble());
            data[i] = value < maxValue || maxValue <= minValue ? value : Math.Max(below, minValue);
        }

        return new Tensor(data, shape);
    }

    /// <summary>One N(0, 1) draw. Box–Muller with 1 − u so that the logarithm never sees 0.</summary>
    internal static double StandardNormal(Random random) =>
        Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
