namespace DiffGen.Runtime.Tests.Kernels;

/// <summary>
/// Tests that set <c>Gemm.MaxDegreeOfParallelism</c> (a process-wide knob) or require the helper thread to take part
/// (<c>KernelThreads.HelperItems</c>): run alone, after the rest, so that another test's serial run (degree 1) or its
/// hold on the one kernel-thread team never makes them see no helper and fail by chance.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class KernelThreadsCollection
{
    public const string Name = "Kernel threads";
}
