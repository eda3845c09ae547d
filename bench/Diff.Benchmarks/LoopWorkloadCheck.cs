namespace Diff.Benchmarks;

/// <summary>
/// The <c>--check</c> part for the four loop workloads. For each: the generated <c>Grad</c> (called on gradient
/// buffers filled with NaN, so a partial it fails to overwrite shows up) against the hand-written gradient on every
/// coordinate; the generated <c>Pullback</c> (seed 0.7, buffers already holding other values) against
/// seed·gradient on every coordinate; and both against central finite differences (fourth order) on a few
/// coordinates per active parameter (the first, the last and three random ones). Also the contract's bit-for-bit value.
/// </summary>
internal static class LoopWorkloadCheck
{
    private const double PullbackSeed = 0.7;
    private const int RandomCoordinates = 3;

    /// <summary>One workload as the checker sees it: active parameters as arrays (a scalar is a 1-element array).</summary>
    private sealed record Workload(
        string Title,
        string[] Names,
        double[][] Active,
        Func<double[][], double> Primal,
        Func<double[][], double[][], double> Generated,
        Func<double[][], double[][], double> HandWritten,
        Func<double[][], double, double[][], double> Pullback,
        double FdStep = 1e-3);

    /// <summary>Runs all four; returns the largest relative error seen and whether every check passed (before the tolerance).</summary>
    public static (double Worst, bool Ok) Run()
    {
        var worst = 0.0;
        var ok = true;
        foreach (var workload in Workloads())
        {
            var (w, o) = Check(workload);
            worst = Math.Max(worst, double.IsNaN(w) ? double.PositiveInfinity : w);
            ok &= o;
        }

        return (worst, ok);
    }

    private static IEnumerable<Workload> Workloads()
    {
        var x = WorkloadData.RosenbrockPoint();
        yield return new Workload(
            $"Rosenbrock, n = {x.Length}",
            new[] { "x" },
            new[] { x },
            p => Rosenbrock.Value(p[0]),
            (p, g) => Rosenbrock.ValueGrad(p[0], g[0]),
            (p, g) => RosenbrockHandWritten.ValueGrad(p[0], g[0]),
            (p, seed, g) => Rosenbrock.ValuePullback(p[0], seed, g[0]));

        var (weights, bias, data, labels) = WorkloadData.Logistic();
        yield return new Workload(
            $"Logistic regression, {labels.Length} samples × {weights.Length} features",
            new[] { "weights", "bias" },
            new[] { weights, new[] { bias } },
            p => LogisticRegression.MeanLoss(p[0], p[1][0], data, labels),
            (p, g) => LogisticRegression.MeanLossGrad(p[0], p[1][0], data, labels, g[0], out g[1][0]),
            (p, g) => LogisticRegressionHandWritten.MeanLossGrad(p[0], p[1][0], data, labels, g[0], out g[1][0]),
            (p, seed, g) => LogisticRegression.MeanLossPullback(p[0], p[1][0], data, labels, seed, g[0], ref g[1][0]));

        var (w1, b1, w2, b2, inputs, targets) = WorkloadData.Network();
        yield return new Workload(
            $"Tanh network {WorkloadData.NetworkInputs}-{b1.Length}-1, MSE over {targets.Length} samples",
            new[] { "w1", "b1", "w2", "b2" },
            new[] { w1, b1, w2, new[] { b2 } },
            p => TanhNetwork.MeanSquaredError(p[0], p[1], p[2], p[3][0], inputs, targets),
            (p, g) => TanhNetwork.MeanSquaredErrorGrad(p[0], p[1], p[2], p[3][0], inputs, targets, g[0], g[1], g[2], out g[3][0]),
            (p, g) => TanhNetworkHandWritten.MeanSquaredErrorGrad(p[0], p[1], p[2], p[3][0], inputs, targets, g[0], g[1], g[2], out g[3][0]),
            (p, seed, g) => TanhNetwork.MeanSquaredErrorPullback(p[0], p[1], p[2], p[3][0], inputs, targets, seed, g[0], g[1], g[2], ref g[3][0]));

        var (means, logStds, logits, points) = WorkloadData.Mixture();
        yield return new Workload(
            $"Gaussian mixture NLL, {points.Length / WorkloadData.MixtureDims} points × {logits.Length} components × {WorkloadData.MixtureDims} dims",
            new[] { "means", "logStds", "logits" },
            new[] { means, logStds, logits },
            p => GaussianMixture.NegativeLogLikelihood(p[0], p[1], p[2], points),
            (p, g) => GaussianMixture.NegativeLogLikelihoodGrad(p[0], p[1], p[2], points, g[0], g[1], g[2]),
            (p, g) => GaussianMixtureHandWritten.NegativeLogLikelihoodGrad(p[0], p[1], p[2], points, g[0], g[1], g[2]),
            (p, seed, g) => GaussianMixture.NegativeLogLikelihoodPullback(p[0], p[1], p[2], points, seed, g[0], g[1], g[2]));

        foreach (var workload in SuiteWorkloads())
        {
            yield return workload;
        }
    }

    /// <summary>The workloads added for issue 15 (user-style code; see bench/README.md).</summary>
    private static IEnumerable<Workload> SuiteWorkloads()
    {
        var (sw, sb, sdata, slabels) = SuiteData.Softmax();
        yield return new Workload(
            $"Softmax cross-entropy, {slabels.Length} samples × {SuiteData.SoftmaxFeatures} features × {sb.Length} classes",
            new[] { "weights", "biases" },
            new[] { sw, sb },
            p => SoftmaxRegression.MeanCrossEntropy(p[0], p[1], sdata, slabels),
            (p, g) => SoftmaxRegression.MeanCrossEntropyGrad(p[0], p[1], sdata, slabels, g[0], g[1]),
            (p, g) => SoftmaxRegressionHandWritten.MeanCrossEntropyGrad(p[0], p[1], sdata, slabels, g[0], g[1]),
            (p, seed, g) => SoftmaxRegression.MeanCrossEntropyPullback(p[0], p[1], sdata, slabels, seed, g[0], g[1]));

        var rows = SuiteData.LogSumExpRows();
        const int columns = SuiteData.LseColumns;
        yield return new Workload(
            $"Streaming log-sum-exp, {rows.Length / columns} rows × {columns}",
            new[] { "x" },
            new[] { rows },
            p => StreamingLogSumExp.RowSum(p[0], columns),
            (p, g) => StreamingLogSumExp.RowSumGrad(p[0], columns, g[0]),
            (p, g) => StreamingLogSumExpHandWritten.RowSumGrad(p[0], columns, g[0]),
            (p, seed, g) => StreamingLogSumExp.RowSumPullback(p[0], columns, seed, g[0]),
            FdStep: 1e-2); // partials ~1e-3 under a value ~1e4: a larger step keeps f's rounding error small

        // The payoff max(S_T − K, 0) has a kink per path: a step that moves a path across it makes the difference
        // quotient wrong for that path, so this workload uses a small step (1e-7 relative), which almost never does.
        var (spot, strike, rate, vol, time, normals) = SuiteData.MonteCarlo();
        yield return new Workload(
            $"Monte Carlo call, {normals.Length} paths",
            new[] { "spot", "strike", "rate", "volatility", "time" },
            new[] { new[] { spot }, new[] { strike }, new[] { rate }, new[] { vol }, new[] { time } },
            p => MonteCarloCall.Price(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], normals),
            (p, g) => MonteCarloCall.PriceGrad(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], normals, out g[0][0], out g[1][0], out g[2][0], out g[3][0], out g[4][0]),
            (p, g) => MonteCarloCallHandWritten.PriceGrad(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], normals, out g[0][0], out g[1][0], out g[2][0], out g[3][0], out g[4][0]),
            (p, seed, g) => MonteCarloCall.PricePullback(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], normals, seed, ref g[0][0], ref g[1][0], ref g[2][0], ref g[3][0], ref g[4][0]),
            FdStep: 1e-7);

        var (positions, epsilon, sigma) = SuiteData.LennardJonesSystem();
        yield return new Workload(
            $"Lennard-Jones energy, {positions.Length / 3} particles",
            new[] { "positions", "epsilon", "sigma" },
            new[] { positions, new[] { epsilon }, new[] { sigma } },
            p => LennardJones.Energy(p[0], p[1][0], p[2][0]),
            (p, g) => LennardJones.EnergyGrad(p[0], p[1][0], p[2][0], g[0], out g[1][0], out g[2][0]),
            (p, g) => LennardJonesHandWritten.EnergyGrad(p[0], p[1][0], p[2][0], g[0], out g[1][0], out g[2][0]),
            (p, seed, g) => LennardJones.EnergyPullback(p[0], p[1][0], p[2][0], seed, g[0], ref g[1][0], ref g[2][0]),
            FdStep: 1e-4); // r⁻¹² is steep: at 1e-3 the stencil's truncation error reached 1.2e-6

        var (coefficients, xs, ys) = SuiteData.Polynomial();
        yield return new Workload(
            $"Polynomial fit (Horner), degree {coefficients.Length - 1}, {xs.Length} points",
            new[] { "coefficients" },
            new[] { coefficients },
            p => PolynomialFit.MeanSquaredError(p[0], xs, ys),
            (p, g) => PolynomialFit.MeanSquaredErrorGrad(p[0], xs, ys, g[0]),
            (p, g) => PolynomialFitHandWritten.MeanSquaredErrorGrad(p[0], xs, ys, g[0]),
            (p, seed, g) => PolynomialFit.MeanSquaredErrorPullback(p[0], xs, ys, seed, g[0]));

        var (ode, observed) = SuiteData.Ode();
        const double dt = SuiteData.OdeStep;
        yield return new Workload(
            $"Lotka–Volterra RK4 trajectory loss, {observed.Length / 2} steps",
            new[] { "alpha", "beta", "delta", "gamma", "prey0", "predators0" },
            ode.Select(v => new[] { v }).ToArray(),
            p => LotkaVolterra.TrajectoryLoss(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], p[5][0], observed, dt),
            (p, g) => LotkaVolterra.TrajectoryLossGrad(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], p[5][0], observed, dt,
                out g[0][0], out g[1][0], out g[2][0], out g[3][0], out g[4][0], out g[5][0]),
            (p, g) => LotkaVolterraHandWritten.TrajectoryLossGrad(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], p[5][0], observed, dt,
                out g[0][0], out g[1][0], out g[2][0], out g[3][0], out g[4][0], out g[5][0]),
            (p, seed, g) => LotkaVolterra.TrajectoryLossPullback(p[0][0], p[1][0], p[2][0], p[3][0], p[4][0], p[5][0], observed, dt, seed,
                ref g[0][0], ref g[1][0], ref g[2][0], ref g[3][0], ref g[4][0], ref g[5][0]),
            FdStep: 1e-5);

        var (diagonal, rhs, target) = SuiteData.Seidel();
        const int sweeps = SuiteData.SeidelSweeps;
        yield return new Workload(
            $"Gauss–Seidel, n = {rhs.Length}, {sweeps} sweeps in place",
            new[] { "diagonal", "rhs" },
            new[] { diagonal, rhs },
            p => GaussSeidel.SweepLoss(p[0], p[1], target, sweeps),
            (p, g) => GaussSeidel.SweepLossGrad(p[0], p[1], target, sweeps, g[0], g[1]),
            (p, g) => GaussSeidelHandWritten.SweepLossGrad(p[0], p[1], target, sweeps, g[0], g[1]),
            (p, seed, g) => GaussSeidel.SweepLossPullback(p[0], p[1], target, sweeps, seed, g[0], g[1]));

        var (lw, lb, lv, lvb, sequence) = SuiteData.LstmProblem();
        yield return new Workload(
            $"LSTM, {SuiteData.LstmFeatures} features × {SuiteData.LstmHidden} hidden, {sequence.Length / SuiteData.LstmFeatures} steps",
            new[] { "weights", "biases", "readout", "readoutBias" },
            new[] { lw, lb, lv, lvb },
            p => Lstm.SequenceLoss(p[0], p[1], p[2], p[3], sequence),
            (p, g) => Lstm.SequenceLossGrad(p[0], p[1], p[2], p[3], sequence, g[0], g[1], g[2], g[3]),
            (p, g) => LstmHandWritten.SequenceLossGrad(p[0], p[1], p[2], p[3], sequence, g[0], g[1], g[2], g[3]),
            (p, seed, g) => Lstm.SequenceLossPullback(p[0], p[1], p[2], p[3], sequence, seed, g[0], g[1], g[2], g[3]));

        var (alphas, gmeans, icf, gx, gamma, m) = SuiteData.Gmm();
        yield return new Workload(
            $"ADBench GMM objective, {gx.Length / SuiteData.GmmDims} points × {alphas.Length} components × {SuiteData.GmmDims} dims",
            new[] { "alphas", "means", "icf" },
            new[] { alphas, gmeans, icf },
            p => AdbenchGmm.Objective(p[0], p[1], p[2], gx, gamma, m),
            (p, g) => AdbenchGmm.ObjectiveGrad(p[0], p[1], p[2], gx, gamma, m, g[0], g[1], g[2]),
            (p, g) => AdbenchGmmHandWritten.ObjectiveGrad(p[0], p[1], p[2], gx, gamma, m, g[0], g[1], g[2]),
            (p, seed, g) => AdbenchGmm.ObjectivePullback(p[0], p[1], p[2], gx, gamma, m, seed, g[0], g[1], g[2]));

        var (cams, pts, bw, feats, ci, pi) = SuiteData.Bundle();
        yield return new Workload(
            $"Bundle adjustment, {cams.Length / 11} cameras, {pts.Length / 3} points, {bw.Length} observations",
            new[] { "cameras", "points", "weights" },
            new[] { cams, pts, bw },
            p => BundleAdjustment.ReprojectionError(p[0], p[1], p[2], feats, ci, pi),
            (p, g) => BundleAdjustment.ReprojectionErrorGrad(p[0], p[1], p[2], feats, ci, pi, g[0], g[1], g[2]),
            (p, g) => BundleAdjustmentHandWritten.ReprojectionErrorGrad(p[0], p[1], p[2], feats, ci, pi, g[0], g[1], g[2]),
            (p, seed, g) => BundleAdjustment.ReprojectionErrorPullback(p[0], p[1], p[2], feats, ci, pi, seed, g[0], g[1], g[2]));
    }

    private static (double Worst, bool Ok) Check(Workload w)
    {
        var p = w.Active;
        var primal = w.Primal(p);

        var generated = Buffers(p, double.NaN);
        var value = w.Generated(p, generated);
        var hand = Buffers(p, double.NaN);
        var handValue = w.HandWritten(p, hand);

        // Pullback adds seed·gradient: start every buffer at a different nonzero value.
        var before = Buffers(p, 0);
        for (var a = 0; a < before.Length; a++)
        {
            for (var k = 0; k < before[a].Length; k++)
            {
                before[a][k] = 1.0 + 0.001 * k;
            }
        }

        var after = before.Select(b => (double[])b.Clone()).ToArray();
        var pullbackValue = w.Pullback(p, PullbackSeed, after);

        var bitwise = Same(value, primal) && Same(pullbackValue, primal);
        var coordinates = p.Sum(a => a.Length);
        Console.WriteLine($"{w.Title}   value={primal:R}");
        Console.WriteLine($"  generated Grad/Pullback value bit-for-bit equal to the primal: {bitwise}; hand-written: {Same(handValue, primal)}");

        // Every coordinate: generated against hand-written and against the pullback.
        double worstHand = 0, worstPullback = 0;
        var nan = 0;
        for (var a = 0; a < p.Length; a++)
        {
            for (var k = 0; k < p[a].Length; k++)
            {
                if (double.IsNaN(generated[a][k]))
                {
                    nan++;
                }

                worstHand = Math.Max(worstHand, Relative(generated[a][k], hand[a][k]));
                worstPullback = Math.Max(worstPullback, Relative(generated[a][k], (after[a][k] - before[a][k]) / PullbackSeed));
            }
        }

        Console.WriteLine($"  all {coordinates} partials: max rel(gen,hand) = {worstHand:E2}, max rel(gen,pullback) = {worstPullback:E2}, NaN left in Grad's buffers: {nan}");

        // A few coordinates against central differences.
        var random = new Random(17);
        var worstFd = 0.0;
        Console.WriteLine($"  {"partial",-16}{"generated",24}{"hand-written",24}{"central FD",24}{"rel(gen,hand)",15}{"rel(gen,FD)",13}");
        for (var a = 0; a < p.Length; a++)
        {
            var n = p[a].Length;
            var picks = n == 1
                ? new[] { 0 }
                : new[] { 0, n - 1 }.Concat(Enumerable.Range(0, RandomCoordinates).Select(_ => 1 + random.Next(n - 2))).Distinct().ToArray();
            foreach (var k in picks)
            {
                var fd = CentralDifference(w, a, k);
                var eHand = Relative(generated[a][k], hand[a][k]);
                var eFd = Relative(generated[a][k], fd);
                worstFd = Math.Max(worstFd, double.IsNaN(eFd) ? double.PositiveInfinity : eFd);
                var label = n == 1 ? "d" + w.Names[a] : $"d{w.Names[a]}[{k}]";
                Console.WriteLine($"  {label,-16}{generated[a][k],24:R}{hand[a][k],24:R}{fd,24:R}{eHand,15:E2}{eFd,13:E2}");
            }
        }

        // Allocation per call after warm-up (the generated code rents its tape and local arrays from pools).
        for (var warm = 0; warm < 3; warm++)
        {
            w.Generated(p, generated);
        }

        const int calls = 10;
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var call = 0; call < calls; call++)
        {
            w.Generated(p, generated);
        }

        var allocated = (GC.GetAllocatedBytesForCurrentThread() - allocatedBefore) / (double)calls;
        Console.WriteLine($"  generated Grad allocates {allocated} B per call after warm-up");

        var worst = Math.Max(worstFd, Math.Max(worstHand, worstPullback));
        if (double.IsNaN(worstHand) || double.IsNaN(worstPullback))
        {
            worst = double.PositiveInfinity;
        }

        Console.WriteLine($"  max relative error for this workload: {worst:E3}");
        Console.WriteLine();
        return (worst, bitwise && nan == 0 && allocated == 0);
    }

    /// <summary>
    /// The fourth-order central difference [8·(f(x+h) − f(x−h)) − (f(x+2h) − f(x−2h))] / 12h on coordinate k of
    /// active parameter a, h = 1e-3·max(1, |x|). The sums here run over thousands of terms (Rosenbrock's value is
    /// about 4.6e6), so the rounding error of f divided by a small h would dominate a second-order difference's
    /// error; the fourth-order stencil allows a 100× larger step at negligible truncation error.
    /// </summary>
    private static double CentralDifference(Workload w, int a, int k)
    {
        var p = w.Active.Select(v => (double[])v.Clone()).ToArray();
        var x = p[a][k];
        var h = w.FdStep * Math.Max(1.0, Math.Abs(x));
        double At(double value)
        {
            p[a][k] = value;
            return w.Primal(p);
        }

        return (8.0 * (At(x + h) - At(x - h)) - (At(x + 2 * h) - At(x - 2 * h))) / (12.0 * h);
    }

    private static double[][] Buffers(double[][] like, double fill)
        => like.Select(v => Enumerable.Repeat(fill, v.Length).ToArray()).ToArray();

    private static bool Same(double a, double b) => BitConverter.DoubleToInt64Bits(a) == BitConverter.DoubleToInt64Bits(b);

    /// <summary>|a − b| / max(|a|, |b|), with a floor of 1e-8 on the denominator so that two zeros compare as equal.</summary>
    private static double Relative(double a, double b)
        => Math.Abs(a - b) / Math.Max(1e-8, Math.Max(Math.Abs(a), Math.Abs(b)));
}
