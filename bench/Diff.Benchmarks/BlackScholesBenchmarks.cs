using BenchmarkDotNet.Attributes;

namespace Diff.Benchmarks;

/// <summary>
/// The primal, the generated gradient and the hand-written adjoint of <see cref="BlackScholes.CallPrice"/>, side by
/// side in one run. Each invocation prices a book of <see cref="Count"/> options whose parameters live in fields
/// (nothing constant-folds); the times reported are per option. Every result, value and partials, is summed and
/// returned so nothing is dead code. Two books: <c>Mixed</c> (strikes around the spot, so the signs of d1 and d2 vary
/// from one option to the next and every <c>d ≥ 0</c> branch is unpredictable) and <c>InTheMoney</c> (d1, d2 &gt; 0
/// throughout, every branch predictable), to separate arithmetic cost from branch cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
public class BlackScholesBenchmarks
{
    private const int Count = 1024;

    private readonly double[] spot = new double[Count];
    private readonly double[] strike = new double[Count];
    private readonly double[] rate = new double[Count];
    private readonly double[] volatility = new double[Count];
    private readonly double[] time = new double[Count];

    [Params("Mixed", "InTheMoney")]
    public string Book { get; set; } = "Mixed";

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20240601);
        var inTheMoney = Book == "InTheMoney";
        int negativeD1 = 0, negativeD2 = 0;
        for (var i = 0; i < Count; i++)
        {
            spot[i] = inTheMoney ? 130 + 30 * random.NextDouble() : 70 + 60 * random.NextDouble();
            strike[i] = 90 + 20 * random.NextDouble();
            rate[i] = 0.0 + 0.08 * random.NextDouble();
            volatility[i] = inTheMoney ? 0.05 + 0.25 * random.NextDouble() : 0.05 + 0.55 * random.NextDouble();
            time[i] = 0.1 + 2.9 * random.NextDouble();

            var volSqrtT = volatility[i] * Math.Sqrt(time[i]);
            var d1 = (Math.Log(spot[i] / strike[i]) + (rate[i] + 0.5 * volatility[i] * volatility[i]) * time[i]) / volSqrtT;
            negativeD1 += d1 < 0 ? 1 : 0;
            negativeD2 += d1 - volSqrtT < 0 ? 1 : 0;
        }

        if (inTheMoney && negativeD1 + negativeD2 > 0)
        {
            throw new InvalidOperationException("The InTheMoney book must have d1, d2 > 0 throughout.");
        }

        Console.WriteLine($"// Book {Book}: d1 < 0 for {negativeD1} of {Count} options, d2 < 0 for {negativeD2}.");
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Count)]
    public double Primal()
    {
        double sum = 0;
        for (var i = 0; i < Count; i++)
        {
            sum += BlackScholes.CallPrice(spot[i], strike[i], rate[i], volatility[i], time[i]);
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public double GeneratedGrad()
    {
        double sum = 0;
        for (var i = 0; i < Count; i++)
        {
            sum += BlackScholes.CallPriceGrad(spot[i], strike[i], rate[i], volatility[i], time[i], out var ds, out var dk, out var dr, out var dv, out var dt);
            sum += ds + dk + dr + dv + dt;
        }

        return sum;
    }

    [Benchmark(OperationsPerInvoke = Count)]
    public double HandWritten()
    {
        double sum = 0;
        for (var i = 0; i < Count; i++)
        {
            sum += BlackScholesHandWritten.CallPriceGrad(spot[i], strike[i], rate[i], volatility[i], time[i], out var ds, out var dk, out var dr, out var dv, out var dt);
            sum += ds + dk + dr + dv + dt;
        }

        return sum;
    }
}
