namespace DiffGen.Runtime.Tests;

/// <summary>
/// Tests that set or read process-wide state: the kernels' knobs (<c>Gemm.MaxDegreeOfParallelism</c>,
/// <c>Gemm.ParallelMinMultiplyAdds</c>), the global <see cref="RandomSeed"/> stream, <see cref="Console.Out"/>, the
/// tensor buffer pool. xunit runs this collection alone, after the parallel ones, so no other test moves that state
/// under them or sees what they set. Tests that can use a scoped form instead (<see cref="RandomSeed.Scope"/>, a
/// seeded initializer, Fit's <c>seed</c>) do, and stay parallel.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideStateCollection
{
    public const string Name = "Process-wide state";
}
