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
        Func<double[][], double, double[][], double> Pullback);

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

        var worst = Math.Max(worstFd, Math.Max(worstHand, worstPullback));
        if (double.IsNaN(worstHand) || double.IsNaN(worstPullback))
        {
            worst = double.PositiveInfinity;
        }

        Console.WriteLine($"  max relative error for this workload: {worst:E3}");
        Console.WriteLine();
        return (worst, bitwise && nan == 0);
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
        var h = 1e-3 * Math.Max(1.0, Math.Abs(x));
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
