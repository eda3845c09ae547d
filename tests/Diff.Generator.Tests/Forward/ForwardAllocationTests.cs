using P = DiffGen.Generator.Tests.Forward.ForwardPatterns;

namespace DiffGen.Generator.Tests.Forward;

/// <summary>
/// After warm-up, Jvp, Vjp, Hvp, Hessian and Jacobian allocate nothing per call: local and tangent arrays, unit
/// directions and scratch gradients come from the pool. Measured in bytes, never in time.
/// </summary>
public class ForwardAllocationTests
{
    private static long AllocatedBy(Action call)
    {
        for (var i = 0; i < 20; i++)
        {
            call(); // warm-up: tiering, the pools
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            call();
        }

        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    [Fact]
    public void Scalar_and_span_methods_allocate_nothing_after_warm_up()
    {
        double[] x = { 0.3, -1.2, 2.2, 0.1 };
        var v = new[] { 1.0, 0.5, -0.25, 2.0 };
        var hv = new double[4];
        var h = new double[16];
        var g = new double[4];
        Assert.Equal(0, AllocatedBy(() => P.SoftmaxCrossEntropyJvp(x, 2, v)));
        Assert.Equal(0, AllocatedBy(() => P.SoftmaxCrossEntropyVjp(x, 2, 1.5, g)));
        Assert.Equal(0, AllocatedBy(() => P.SoftmaxCrossEntropyHvp(x, 2, v, hv)));
        Assert.Equal(0, AllocatedBy(() => P.SoftmaxCrossEntropyHessian(x, 2, h)));
        Assert.Equal(0, AllocatedBy(() => P.RosenbrockHessian(x, h)));
        Assert.Equal(0, AllocatedBy(() => P.PolynomialHessian(1.2, 0.4, out _, out _, out _, out _)));
    }

    [Fact]
    public void Jacobians_allocate_nothing_after_warm_up()
    {
        double[] x = { 0.5, -1.0, 0.25, 1.5 };
        var r = new double[4];
        var jac = new double[16];
        var t = new double[4];
        Assert.Equal(0, AllocatedBy(() => P.BroydenResidualJacobian(x, r, jac, JacobianMode.Forward)));
        Assert.Equal(0, AllocatedBy(() => P.BroydenResidualJacobian(x, r, jac, JacobianMode.Reverse)));
        Assert.Equal(0, AllocatedBy(() => P.BroydenResidualJvp(x, r, x, t)));
        Assert.Equal(0, AllocatedBy(() => P.BroydenResidualVjp(x, r, x, t)));
    }
}
