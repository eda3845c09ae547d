namespace Diff.Benchmarks;

/// <summary>
/// <c>--check</c>: the generated gradient against the hand-written one and against central finite differences, at
/// three parameter sets that between them take every branch (d1, d2 both ≥ 0; d1 ≥ 0 &gt; d2; both &lt; 0). Also
/// checks the contract's bit-for-bit value and that the pullback adds seed·gradient to what the buffers held.
/// Then the four loop workloads, see <see cref="LoopWorkloadCheck"/>. Exits with 1 if any relative error is above
/// the tolerance or a bit-for-bit check fails.
/// </summary>
internal static class GradientCheck
{
    private const double Tolerance = 1e-6;

    private static readonly string[] Names = { "spot", "strike", "rate", "volatility", "time" };

    private static readonly double[][] Points =
    {
        new[] { 100.0, 100.0, 0.05, 0.20, 1.0 },  // at the money: d1 ≈ 0.35, d2 ≈ 0.15
        new[] { 100.0, 102.0, 0.03, 0.35, 1.5 },  // d1 ≈ 0.27, d2 ≈ −0.16
        new[] { 80.0, 110.0, 0.01, 0.40, 2.0 },   // out of the money: d1 ≈ −0.24, d2 ≈ −0.81
    };

    public static int Run()
    {
        var worst = 0.0;
        var ok = true;
        foreach (var p in Points)
        {
            var primal = BlackScholes.CallPrice(p[0], p[1], p[2], p[3], p[4]);
            var generated = new double[5];
            var value = BlackScholes.CallPriceGrad(p[0], p[1], p[2], p[3], p[4], out generated[0], out generated[1], out generated[2], out generated[3], out generated[4]);
            var hand = new double[5];
            var handValue = BlackScholesHandWritten.CallPriceGrad(p[0], p[1], p[2], p[3], p[4], out hand[0], out hand[1], out hand[2], out hand[3], out hand[4]);

            // Pullback: seed 0.7 on buffers that already hold 1..5 must give 1..5 + 0.7·gradient.
            const double seed = 0.7;
            double bs = 1, bk = 2, br = 3, bv = 4, bt = 5;
            var pullbackValue = BlackScholes.CallPricePullback(p[0], p[1], p[2], p[3], p[4], seed, ref bs, ref bk, ref br, ref bv, ref bt);
            var pullback = new[] { (bs - 1) / seed, (bk - 2) / seed, (br - 3) / seed, (bv - 4) / seed, (bt - 5) / seed };

            var d1 = (Math.Log(p[0] / p[1]) + (p[2] + 0.5 * p[3] * p[3]) * p[4]) / (p[3] * Math.Sqrt(p[4]));
            Console.WriteLine($"S={p[0]} K={p[1]} r={p[2]} σ={p[3]} T={p[4]}   d1={d1:F4} d2={d1 - p[3] * Math.Sqrt(p[4]):F4}   price={primal:R}");
            var bitwise = BitConverter.DoubleToInt64Bits(value) == BitConverter.DoubleToInt64Bits(primal)
                && BitConverter.DoubleToInt64Bits(pullbackValue) == BitConverter.DoubleToInt64Bits(primal);
            ok &= bitwise;
            Console.WriteLine($"  generated Grad/Pullback value bit-for-bit equal to the primal: {bitwise}; hand-written: {BitConverter.DoubleToInt64Bits(handValue) == BitConverter.DoubleToInt64Bits(primal)}");
            Console.WriteLine($"  {"partial",-12}{"generated",24}{"hand-written",24}{"central FD",24}{"rel(gen,hand)",15}{"rel(gen,FD)",13}{"rel(pullback)",15}");
            for (var i = 0; i < 5; i++)
            {
                var fd = CentralDifference(p, i);
                var eHand = Relative(generated[i], hand[i]);
                var eFd = Relative(generated[i], fd);
                var ePullback = Relative(generated[i], pullback[i]);
                worst = Math.Max(worst, Math.Max(eHand, Math.Max(eFd, ePullback)));
                Console.WriteLine($"  {"d" + Names[i],-12}{generated[i],24:R}{hand[i],24:R}{fd,24:R}{eHand,15:E2}{eFd,13:E2}{ePullback,15:E2}");
            }

            Console.WriteLine();
        }

        // The four loop workloads (Rosenbrock, logistic regression, tanh network, Gaussian mixture).
        var (loopWorst, loopOk) = LoopWorkloadCheck.Run();
        worst = Math.Max(worst, loopWorst);
        ok &= loopOk;

        ok &= worst <= Tolerance && !double.IsNaN(worst);
        Console.WriteLine($"max relative error: {worst:E3} (tolerance {Tolerance:E0}) → {(ok ? "OK" : "FAILED")}");
        return ok ? 0 : 1;
    }

    /// <summary>(f(x + h) − f(x − h)) / 2h with h relative to the coordinate, the step actually representable.</summary>
    private static double CentralDifference(double[] p, int i)
    {
        var h = 1e-5 * Math.Max(1.0, Math.Abs(p[i]));
        var plus = (double[])p.Clone();
        var minus = (double[])p.Clone();
        plus[i] += h;
        minus[i] -= h;
        var step = plus[i] - minus[i];
        return (BlackScholes.CallPrice(plus[0], plus[1], plus[2], plus[3], plus[4])
                - BlackScholes.CallPrice(minus[0], minus[1], minus[2], minus[3], minus[4])) / step;
    }

    /// <summary>|a − b| / max(|a|, |b|), with a floor of 1e-8 on the denominator so that two zeros compare as equal.</summary>
    private static double Relative(double a, double b)
        => Math.Abs(a - b) / Math.Max(1e-8, Math.Max(Math.Abs(a), Math.Abs(b)));
}
