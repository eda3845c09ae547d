using DiffGen.Generator.Tests.Infrastructure;
using Xunit.Abstractions;

namespace DiffGen.Generator.Tests;

public class DebugDump(ITestOutputHelper output)
{
    [Fact]
    public void Dump()
    {
        var source = Environment.GetEnvironmentVariable("DIFFGEN_DUMP");
        if (source is null) return;
        var h = GeneratorHarness.Run(File.ReadAllText(source));
        foreach (var d in h.GeneratorDiagnostics) output.WriteLine(d.ToString());
        foreach (var d in h.CompilerDiagnostics) output.WriteLine(d.ToString());
        foreach (var f in h.GeneratedFiles) output.WriteLine(f.Text);
    }
}
