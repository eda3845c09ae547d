using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// DiffGen against TorchSharp, side by side in one BenchmarkDotNet run per class (see bench/README.md):
//   dotnet run -c Release --project bench/Diff.Benchmarks.Peers -- --filter '*GemmPeer*'
//   dotnet run -c Release --project bench/Diff.Benchmarks.Peers -- --filter '*ElementwisePeer*'
//   dotnet run -c Release --project bench/Diff.Benchmarks.Peers -- --check     results agree, no timing
//   dotnet run -c Release --project bench/Diff.Benchmarks.Peers -- --paired    GEMM timed in alternation (shared machine)
//   dotnet run -c Release --project bench/Diff.Benchmarks.Peers -- --paired-lifted   issue 7's Swish, likewise
//   dotnet run -c Release --project bench/Diff.Benchmarks.Peers -- --paired-step [rounds] [Lecture,Mnist,LeNet] [threads]   training steps, likewise
if (args.Length > 0 && args[0] == "--check")
{
    return Diff.Benchmarks.Peers.PeerCheck.Run();
}

if (args.Length > 0 && args[0] == "--paired-lifted")
{
    return Diff.Benchmarks.Peers.PairedLiftedOp.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 41);
}

if (args.Length > 0 && args[0] == "--paired-step")
{
    return Diff.Benchmarks.Peers.PairedTrainingStep.Run(
        rounds: args.Length > 1 ? int.Parse(args[1]) : 21,
        models: args.Length > 2 ? args[2].Split(',') : ["Lecture", "Mnist", "LeNet"],
        threads: args.Length > 3 ? int.Parse(args[3]) : 2);
}

if (args.Length > 0 && args[0] == "--paired")
{
    return Diff.Benchmarks.Peers.PairedGemm.Run(rounds: args.Length > 1 ? int.Parse(args[1]) : 41);
}

// In process: the benchmarks run inside this program, whose output folder holds libLibTorchSharp.so patched to load
// on Debian 12 (see the .csproj). BenchmarkDotNet's default toolchain would build a separate program per benchmark
// with a fresh, unpatched copy of the ~600 MB of native libraries. One job for every class: 3 warm-up and 15
// measured iterations, like bench/Diff.Benchmarks.
// Iterations of about 250 ms (half the default): the GEMM cases are many, and shorter iterations leave less of a
// case's time exposed to other work on a shared machine.
var job = Job.Default
    .WithToolchain(InProcessEmitToolchain.Instance)
    .WithLaunchCount(1)
    .WithWarmupCount(3)
    .WithIterationCount(15)
    .WithIterationTime(Perfolizer.Horology.TimeInterval.FromMilliseconds(250));
var config = DefaultConfig.Instance
    .AddJob(job.AsDefault())
    .WithArtifactsPath(Path.Combine(AppContext.BaseDirectory, "BenchmarkDotNet.Artifacts"));
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
return 0;
