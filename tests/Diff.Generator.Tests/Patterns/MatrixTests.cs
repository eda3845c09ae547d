using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Multidimensional arrays: a <c>double[,]</c> parameter's gradient is a <c>double[,]</c> of the same shape (Grad
/// overwrites it, Pullback adds into it); local matrices (<c>new double[n, m]</c>, with initializers) are read and
/// written; <c>GetLength</c>, <c>GetUpperBound</c>, <c>Length</c> and <c>Rank</c> are passive. Checked against central differences.
/// </summary>
public partial class MatrixTests
{
    [Differentiable]
    public static double Quadratic(double[,] a, double[] x)
    {
        double s = 0;
        for (var i = 0; i <= a.GetUpperBound(0); i++)
        {
            for (var j = 0; j < a.GetLength(1); j++)
            {
                s += x[i] * a[i, j] * x[j];
            }
        }

        return s / a.Length + a.Rank;
    }

    [Differentiable]
    public static double Determinant(double x, double y)
    {
        var m = new double[,] { { 1, x }, { x * y, 2 } };
        m[1, 1] += y;
        return m[0, 0] * m[1, 1] - m[0, 1] * m[1, 0];
    }

    [Differentiable]
    public static double LocalMatrix(double x, double y, int rows)
    {
        var m = new double[rows, 3];
        for (var i = 0; i < m.GetLength(0); i++)
        {
            for (var j = 0; j < 3; j++)
            {
                m[i, j] = Math.Sin(x * i + y * j);
            }
        }

        m[rows - 1, 2] *= x;
        double s = 0;
        for (var i = 0; i < rows; i++)
        {
            s += m[i, 2] * m[i, 0];
        }

        return s + m.Length;
    }

    [Differentiable]
    public static float Layer(float[,] w, float x)
    {
        float s = 0;
        for (var i = 0; i < w.GetLength(0); i++)
        {
            s += MathF.Tanh(w[i, 0] * x + w[i, 1]);
        }

        return s;
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.1)]
    public void A_matrix_parameter_has_a_matrix_gradient(double shift)
    {
        var a = new double[3, 2];
        for (var i = 0; i < 3; i++)
        {
            for (var j = 0; j < 2; j++)
            {
                a[i, j] = Math.Sin(3 * i + j + shift);
            }
        }

        double[] x = [0.5 + shift, -1.25, 2.0];
        var da = new double[3, 2];
        da[0, 0] = 99; // Grad overwrites
        var dx = new double[3];
        Assert.Equal(Quadratic(a, x), QuadraticGrad(a, x, da, dx));

        double At(double[] p)
        {
            var m = new double[3, 2];
            Buffer.BlockCopy(p, 0, m, 0, 6 * sizeof(double));
            return Quadratic(m, p[6..]);
        }

        var flat = new double[6];
        Buffer.BlockCopy(a, 0, flat, 0, 6 * sizeof(double));
        var fd = FiniteDifferences.Gradient(At, [.. flat, .. x]);
        for (var k = 0; k < 6; k++)
        {
            Assert.Equal(fd[k], da[k / 2, k % 2], 7);
        }

        for (var k = 0; k < 3; k++)
        {
            Assert.Equal(fd[6 + k], dx[k], 7);
        }

        // Pullback adds seed times the gradient to what the buffer holds.
        var added = new double[3, 2];
        added[2, 1] = 1.0;
        QuadraticPullback(a, x, 2.0, added, new double[3]);
        Assert.Equal(1.0 + 2 * da[2, 1], added[2, 1], 12);
    }

    [Fact]
    public void A_gradient_of_the_wrong_shape_is_an_error_naming_both()
    {
        var error = Assert.Throws<ArgumentException>(() => QuadraticGrad(new double[3, 2], new double[3], new double[2, 3], new double[3]));
        Assert.Contains("'da' has dimensions 2×3 but 'a' has 3×2", error.Message);
    }

    [Theory]
    [InlineData(0.7, 1.3, 2)]
    [InlineData(-1.1, 0.4, 4)]
    public void Local_matrices(double x, double y, int rows)
    {
        new GradientCheck(
            nameof(Determinant), "x y",
            p => Determinant(p[0], p[1]),
            (p, d) => DeterminantGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => DeterminantPullback(p[0], p[1], s, ref d[0], ref d[1])).Check(x, y);
        new GradientCheck(
            nameof(LocalMatrix), "x y",
            p => LocalMatrix(p[0], p[1], rows),
            (p, d) => LocalMatrixGrad(p[0], p[1], rows, out d[0], out d[1]),
            (p, s, d) => LocalMatrixPullback(p[0], p[1], rows, s, ref d[0], ref d[1])).Check(x, y);
    }

    [Fact]
    public void A_float_matrix()
    {
        var w = new float[,] { { 0.5f, -0.25f }, { 1.5f, 0.75f } };
        var dw = new float[2, 2];
        Assert.Equal(Layer(w, 0.8f), LayerGrad(w, 0.8f, dw, out var dx));
        var expectedDx = 0f;
        for (var i = 0; i < 2; i++)
        {
            var t = MathF.Tanh(w[i, 0] * 0.8f + w[i, 1]);
            Assert.Equal((1 - t * t) * 0.8f, dw[i, 0], 5);
            Assert.Equal(1 - t * t, dw[i, 1], 5);
            expectedDx += (1 - t * t) * w[i, 0];
        }

        Assert.Equal(expectedDx, dx, 5);
    }
}
