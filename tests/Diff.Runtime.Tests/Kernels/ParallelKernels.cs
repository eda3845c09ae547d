using DiffGen.Kernels;

namespace DiffGen.Runtime.Tests.Kernels;

/// <summary>
/// For a test in <see cref="ProcessWideStateCollection"/>: sets the kernels' degree of parallelism (process-wide) and
/// opens a <see cref="KernelThreads.HelpersFirst"/> scope on the test's thread, so that every parallel run the test
/// starts has helper threads doing its items, whatever the machine's load or core count; both are restored on
/// dispose. <see cref="HelperItems"/> counts the items helpers ran for this test's runs only.
/// </summary>
internal sealed class ParallelKernels : IDisposable
{
    private readonly int _savedDegree = Gemm.MaxDegreeOfParallelism;
    private readonly KernelThreads.HelpersFirstScope _scope = KernelThreads.HelpersFirst();

    public ParallelKernels(int degree) => Degree = degree;

    /// <summary>The most threads one kernel call uses (1: the calling thread alone, the serial reference).</summary>
    public int Degree
    {
        get => Gemm.MaxDegreeOfParallelism;
        set => Gemm.MaxDegreeOfParallelism = value;
    }

    /// <summary>Work items helper threads ran in this test's parallel runs so far.</summary>
    public long HelperItems => _scope.HelperItems;

    /// <summary>Runs <paramref name="run"/> and returns its result with how many items helper threads ran for it.</summary>
    public (T Result, long HelperItems) Count<T>(Func<T> run)
    {
        var before = HelperItems;
        var result = run();
        return (result, HelperItems - before);
    }

    public void Dispose()
    {
        _scope.Dispose();
        Gemm.MaxDegreeOfParallelism = _savedDegree;
    }
}
