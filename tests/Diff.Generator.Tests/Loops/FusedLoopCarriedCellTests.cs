using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Loops;

/// <summary>
/// A summing loop (fused: each iteration's derivative runs inside the forward loop) whose body holds a nested loop
/// that carries a value out to the next iteration (<c>m</c> below). The nested loop's reverse restores its cells, so
/// fusing would have moved the outer loop on with the restored <c>m</c>: the value differed from the primal's (found
/// by the random-program property, seed 2cfF6r02Tfp1). Such loops are not fused.
/// </summary>
public partial class FusedLoopCarriedCellTests
{
    [Differentiable]
    public static double CarriedThroughNestedLoop(double[] v, double x)
    {
        double s = 0;
        int m = 0;
        int i0 = -1;
        do
        {
            i0++;
            double z0 = x;
            for (int j0 = 0; j0 < i0 + 1; j0 += 2)
            {
                m = (m + j0 + 1) % v.Length;
                z0 = 0.5 * Math.Sin(z0) + v[m];
                z0 = 0.5 * Math.Sin(z0) + (Math.Sin(x) - v[(i0 + 1) % v.Length] * v[i0 - j0]);
            }

            s += Math.Tanh(z0) * Math.Atan(x);
        }
        while (i0 + 1 < v.Length);
        return s * -0.592;
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.1)]
    [InlineData(-9.349E-16)]
    public void The_value_is_the_primals_and_the_gradient_matches_finite_differences(double x)
    {
        double[] v = [-4.447E-18, 0.5263157894736842, 3.039E-36, 0.8, 4.017E-21];
        var dv = new double[5];
        var value = CarriedThroughNestedLoopGrad(v, x, dv, out var dx);
        FiniteDifferences.AssertSameBits(CarriedThroughNestedLoop(v, x), value, "Grad vs primal");

        double[] w = [0.2, -0.7, 1.3, 0.5, -0.4];
        var dw = new double[5];
        FiniteDifferences.AssertSameBits(CarriedThroughNestedLoop(w, x), CarriedThroughNestedLoopGrad(w, x, dw, out var dxw), "Grad vs primal");
        var fd = FiniteDifferences.Gradient(p => CarriedThroughNestedLoop(p[..5], p[5]), [.. w, x]);
        for (var k = 0; k < 5; k++)
        {
            Assert.Equal(fd[k], dw[k], 7);
        }

        Assert.Equal(fd[5], dxw, 7);
    }
}
