namespace DiffGen;

/// <summary>
/// Keras' <c>Orthogonal</c>: a matrix with orthonormal rows or columns (whichever are fewer), times
/// <paramref name="gain"/> — the default for recurrent kernels, so repeated multiplication neither grows nor shrinks a
/// state. Higher-rank shapes are flattened to (product of all but the last axis, last axis), as Keras does.
/// </summary>
public sealed class Orthogonal(double gain = 1.0, int? seed = null) : Initializer(seed)
{
    /// <summary>The factor on the orthogonal matrix.</summary>
    public double Gain { get; } = gain;

    /// <inheritdoc/>
    public override string Name => "orthogonal";

    /// <inheritdoc/>
    protected override Tensor Generate(Shape shape, Random random)
    {
        if (shape.Rank < 2)
        {
            throw new ArgumentException($"Orthogonal: needs a shape of rank 2 or more, got {shape}.", nameof(shape));
        }

        int columns = shape[-1], rows = shape.Size / Math.Max(1, columns);

        // Orthonormalize the columns of a tall random normal matrix (modified Gram–Schmidt, i.e. Q of a QR
        // factorization with a positive diagonal of R, which is Keras' sign correction), transposed if wide.
        var transposed = rows < columns;
        int n = transposed ? columns : rows, m = transposed ? rows : columns;
        var a = new double[n * m];
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = Tensor.StandardNormal(random);
        }

        for (var j = 0; j < m; j++)
        {
            for (var k = 0; k < j; k++)
            {
                double dot = 0;
                for (var i = 0; i < n; i++)
                {
                    dot += a[(i * m) + j] * a[(i * m) + k];
                }

                for (var i = 0; i < n; i++)
                {
                    a[(i * m) + j] -= dot * a[(i * m) + k];
                }
            }

            double norm = 0;
            for (var i = 0; i < n; i++)
            {
                norm += a[(i * m) + j] * a[(i * m) + j];
            }

            norm = Math.Sqrt(norm);
            for (var i = 0; i < n; i++)
            {
                a[(i * m) + j] /= norm;
            }
        }

        var data = new float[shape.Size];
        for (var r = 0; r < rows; r++)
        {
            for (var c = 0; c < columns; c++)
            {
                data[(r * columns) + c] = (float)(Gain * (transposed ? a[(c * m) + r] : a[(r * m) + c]));
            }
        }

        return new Tensor(data, shape);
    }
}
