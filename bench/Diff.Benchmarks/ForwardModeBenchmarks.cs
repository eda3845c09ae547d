using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary>
/// What each generated mode costs relative to the primal, side by side in one run: Grad (reverse), Jvp (forward, one
/// direction), Vjp, Hvp (reverse over forward) on Rosenbrock at n = 10,000 and on a 2,000 × 20 logistic loss. Buffers
/// are allocated once in setup; every call overwrites them.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class ForwardModeBenchmarks
{
    private double[] x = null!;
    private double[] v = null!;
    private double[] g = null!;
    private double[] hv = null!;
    private double[] w = null!;
    private double[] wv = null!;
    private double[] wg = null!;
    private double[] whv = null!;
    private double[] data = null!;
    private double[] labels = null!;

    [Params("Rosenbrock", "Logistic")]
    public string Workload { get; set; } = "Rosenbrock";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(13);
        x = Enumerable.Range(0, 10_000).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        v = Enumerable.Range(0, x.Length).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        g = new double[x.Length];
        hv = new double[x.Length];
        w = Enumerable.Range(0, 20).Select(_ => random.NextDouble() - 0.5).ToArray();
        wv = Enumerable.Range(0, 20).Select(_ => random.NextDouble() - 0.5).ToArray();
        wg = new double[20];
        whv = new double[20];
        data = Enumerable.Range(0, 2000 * 20).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        labels = Enumerable.Range(0, 2000).Select(_ => random.NextDouble() < 0.5 ? -1.0 : 1.0).ToArray();
    }

    [Benchmark(Baseline = true)]
    public double Primal() => Workload == "Rosenbrock" ? ForwardModes.Rosenbrock(x) : ForwardModes.LogisticLoss(w, data, labels);

    [Benchmark]
    public double Grad() => Workload == "Rosenbrock" ? ForwardModes.RosenbrockGrad(x, g) : ForwardModes.LogisticLossGrad(w, data, labels, wg);

    [Benchmark]
    public double Jvp() => Workload == "Rosenbrock" ? ForwardModes.RosenbrockJvp(x, v).Tangent : ForwardModes.LogisticLossJvp(w, data, labels, wv).Tangent;

    [Benchmark]
    public double Vjp() => Workload == "Rosenbrock" ? ForwardModes.RosenbrockVjp(x, 2.0, g) : ForwardModes.LogisticLossVjp(w, data, labels, 2.0, wg);

    [Benchmark]
    public double Hvp() => Workload == "Rosenbrock" ? ForwardModes.RosenbrockHvp(x, v, hv) : ForwardModes.LogisticLossHvp(w, data, labels, wv, whv);
}

/// <summary>
/// The Jacobian of Broyden's residual (n = 100 inputs and outputs): by columns (100 Jvps) and by rows (100 pullbacks),
/// against one evaluation of the residual; and a dense 50 × 50 Hessian (50 Hvps) against one Rosenbrock evaluation.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class JacobianBenchmarks
{
    private double[] x = null!;
    private double[] r = null!;
    private double[] jac = null!;
    private double[] small = null!;
    private double[] h = null!;

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(17);
        x = Enumerable.Range(0, 100).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        r = new double[100];
        jac = new double[100 * 100];
        small = Enumerable.Range(0, 50).Select(_ => random.NextDouble() * 2 - 1).ToArray();
        h = new double[50 * 50];
    }

    [Benchmark(Baseline = true)]
    public double Residual()
    {
        ForwardModes.Broyden(x, r);
        return r[0];
    }

    [Benchmark]
    public double JacobianByColumns()
    {
        ForwardModes.BroydenJacobian(x, r, jac, DiffGen.JacobianMode.Forward);
        return jac[0];
    }

    [Benchmark]
    public double JacobianByRows()
    {
        ForwardModes.BroydenJacobian(x, r, jac, DiffGen.JacobianMode.Reverse);
        return jac[0];
    }

    [Benchmark]
    public double RosenbrockPrimal50() => ForwardModes.Rosenbrock(small);

    [Benchmark]
    public double RosenbrockHessian50() => ForwardModes.RosenbrockHessian(small, h);
}
