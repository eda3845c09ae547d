using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Running;
using Diff.Benchmarks;

// dotnet run -c Release --project bench/Diff.Benchmarks -- --check        gradients against each other and finite differences
// dotnet run -c Release --project bench/Diff.Benchmarks -- --filter '*'   the benchmarks
// dotnet run -c Release --project bench/Diff.Benchmarks -- --filter '*FmaPeak*' '*GemmBenchmarks*'
//                                                                          GEMM GFLOP/s and % of the measured FMA peak
if (args.Length > 0 && args[0] == "--check")
{
    return GradientCheck.Run();
}

if (args.Length > 0 && args[0] == "--quick")
{
    return QuickRatios.Run(args);
}

// Reports go next to the built program (bench/Diff.Benchmarks/bin/Release/net10.0/BenchmarkDotNet.Artifacts) rather
// than into whatever directory the run started from; `--artifacts <dir>` on the command line still overrides this.
// The build of BenchmarkDotNet's own project gets 10 minutes instead of its default 2: on this shared 2-core machine,
// with other builds running, it has taken more than 2.
var config = DefaultConfig.Instance
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"))
    .WithBuildTimeout(TimeSpan.FromMinutes(10));
var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
ThroughputReport.Print(summaries);
SuiteReport.Print(summaries);
return 0;
