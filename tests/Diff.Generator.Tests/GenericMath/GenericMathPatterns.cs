using System.Numerics;

namespace DiffGen.Generator.Tests.GenericMath;

/// <summary>Generic math methods, each differentiated once into a generic Grad and Pullback (see <see cref="GenericMathTests"/>).</summary>
public static partial class GenericMathPatterns
{
    [Differentiable]
    public static T Softplus<T>(T x) where T : IFloatingPointIeee754<T>
        => T.Log(T.One + T.Exp(x));

    [Differentiable]
    public static T Poly<T>(T x, T y) where T : INumber<T>
    {
        var two = T.CreateChecked(2);
        var s = x * x * two - y / (T.One + x * x);
        s += T.CreateTruncating(0.5) * y;
        return -s;
    }

    [Differentiable]
    public static T SumOfSquares<T>(ReadOnlySpan<T> v) where T : IRootFunctions<T>
    {
        var s = T.Zero;
        for (var i = 0; i < v.Length; i++)
        {
            s += v[i] * v[i];
        }

        return T.Sqrt(s);
    }

    [Differentiable]
    public static T SoftplusOfNorm<T>(ReadOnlySpan<T> v, T scale) where T : IFloatingPointIeee754<T>
        => Softplus(scale * SumOfSquares(v));

    [Differentiable]
    public static double SoftplusD(double x) => Softplus(x) * 2.0;
}
