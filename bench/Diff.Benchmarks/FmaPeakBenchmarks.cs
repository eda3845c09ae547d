using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;

namespace Diff.Benchmarks;

/// <summary>
/// Measures this machine's peak FMA throughput empirically, on one core and on two: many independent chains of
/// Vector256 (and Vector512) fused multiply-adds on registers, no memory traffic, so the only limit is how many FMAs
/// the cores retire per cycle. "The GEMM reaches x% of peak" in bench/README.md divides by these numbers.
/// <para>12 chains per thread: a chain can issue one FMA per latency (4 cycles on Zen 4/5, 4–5 on Intel) and there
/// are two FMA pipes, so 8–10 chains keep them full; 12 leave margin. 10 million steps per thread, about 20 ms.</para>
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 3, iterationCount: 15)]
[MinColumn, MedianColumn]
[Config(typeof(Config))]
public class FmaPeakBenchmarks
{
    private const int Steps = 10_000_000;
    private const int Chains = 12;

    /// <summary>Threads, one per core (this machine has 2).</summary>
    [Params(1, 2)]
    public int Cores { get; set; }

    /// <summary>Floating-point operations of one call (an FMA is 2 per lane).</summary>
    public static double? FlopsPerCall(string method, int cores) => method switch
    {
        nameof(Vector256Fma) => 2.0 * Steps * Chains * Vector256<float>.Count * cores,
        nameof(Vector512Fma) => 2.0 * Steps * Chains * Vector512<float>.Count * cores,
        _ => null,
    };

    [GlobalSetup]
    public void Setup()
    {
        if (!Fma.IsSupported)
        {
            throw new NotSupportedException("This machine has no FMA: there is no FMA peak to measure.");
        }
    }

    [Benchmark]
    public float Vector256Fma() => OnCores(Cores, static () => Chains256(Steps));

    [Benchmark]
    public float Vector512Fma() => Avx512F.IsSupported ? OnCores(Cores, static () => Chains512(Steps)) : float.NaN;

    private static float OnCores(int cores, Func<float> work)
    {
        if (cores == 1)
        {
            return work();
        }

        float[] results = new float[cores];
        Parallel.For(0, cores, new ParallelOptions { MaxDegreeOfParallelism = cores }, i => results[i] = work());
        return results.Sum();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains256(int steps)
    {
        // x ← x·m + c with m just under 1 and c tiny: the values stay finite and normal forever.
        Vector256<float> m = Vector256.Create(0.99999994f), c = Vector256.Create(1e-7f);
        Vector256<float> a0 = Vector256.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector256<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < steps; i++)
        {
            a0 = Fma.MultiplyAdd(a0, m, c); a1 = Fma.MultiplyAdd(a1, m, c); a2 = Fma.MultiplyAdd(a2, m, c);
            a3 = Fma.MultiplyAdd(a3, m, c); a4 = Fma.MultiplyAdd(a4, m, c); a5 = Fma.MultiplyAdd(a5, m, c);
            a6 = Fma.MultiplyAdd(a6, m, c); a7 = Fma.MultiplyAdd(a7, m, c); a8 = Fma.MultiplyAdd(a8, m, c);
            a9 = Fma.MultiplyAdd(a9, m, c); a10 = Fma.MultiplyAdd(a10, m, c); a11 = Fma.MultiplyAdd(a11, m, c);
        }

        return Vector256.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static float Chains512(int steps)
    {
        Vector512<float> m = Vector512.Create(0.99999994f), c = Vector512.Create(1e-7f);
        Vector512<float> a0 = Vector512.Create(1f), a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0;
        Vector512<float> a6 = a0, a7 = a0, a8 = a0, a9 = a0, a10 = a0, a11 = a0;
        for (int i = 0; i < steps; i++)
        {
            a0 = Avx512F.FusedMultiplyAdd(a0, m, c); a1 = Avx512F.FusedMultiplyAdd(a1, m, c); a2 = Avx512F.FusedMultiplyAdd(a2, m, c);
            a3 = Avx512F.FusedMultiplyAdd(a3, m, c); a4 = Avx512F.FusedMultiplyAdd(a4, m, c); a5 = Avx512F.FusedMultiplyAdd(a5, m, c);
            a6 = Avx512F.FusedMultiplyAdd(a6, m, c); a7 = Avx512F.FusedMultiplyAdd(a7, m, c); a8 = Avx512F.FusedMultiplyAdd(a8, m, c);
            a9 = Avx512F.FusedMultiplyAdd(a9, m, c); a10 = Avx512F.FusedMultiplyAdd(a10, m, c); a11 = Avx512F.FusedMultiplyAdd(a11, m, c);
        }

        return Vector512.Sum(a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9 + a10 + a11);
    }

    private sealed class Config : ManualConfig
    {
        public Config() => AddColumn(GflopsColumn.Both(c => FlopsPerCall(c.Descriptor.WorkloadMethod.Name, (int)c.Parameters["Cores"])));
    }
}
