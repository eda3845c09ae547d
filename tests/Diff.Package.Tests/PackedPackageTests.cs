using System.Diagnostics;
using System.Text;
using Xunit.Abstractions;

namespace DiffGen.Package.Tests;

/// <summary>
/// Issue 16 item 5: the package as a user gets it. Packs src/Diff.Runtime (the DiffGen package: runtime in lib/, the
/// generator in analyzers/dotnet/cs) into a temporary folder feed, creates a fresh project outside the solution that
/// references only that package, restores, builds it with warnings as errors and runs it (Consumer/Program.cs: a
/// generated Grad checked against the analytic derivative, and a tiny Fit whose loss decreases).
/// </summary>
/// <remarks>
/// Isolation and offline operation:
/// <list type="bullet">
/// <item>Every package built here gets a version of its own (0.0.0-test.&lt;UTC time&gt;.&lt;random&gt;), and the
/// fresh project restores into a private NUGET_PACKAGES folder, so a cached DiffGen package can never stand in for
/// the one just packed.</item>
/// <item>The pack runs with an artifacts path inside the temporary directory: nothing under src/ (bin, obj,
/// project.assets.json) is touched while other test projects run.</item>
/// <item>The fresh project's nuget.config clears every source and lists only the folder feed (for DiffGen, by
/// package source mapping) and this machine's global packages folder as a local feed (for DiffGen's dependencies,
/// System.Numerics.Tensors and PureHDF, which the solution's own restore has already put there). No network source
/// is consulted.</item>
/// <item>The temporary directory is deleted afterwards, pass or fail; build servers are disabled so no compiler or
/// MSBuild node outlives the test.</item>
/// </list>
/// </remarks>
public sealed class PackedPackageTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StepTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public void Packed_package_restores_builds_with_warnings_as_errors_and_runs_in_a_fresh_project()
    {
        var total = Stopwatch.StartNew();
        var repo = FindRepositoryRoot();
        var version = $"0.0.0-test.{DateTime.UtcNow:yyyyMMddHHmmss}.r{Guid.NewGuid().ToString("N")[..8]}";
        var root = Path.Combine(Path.GetTempPath(), "diffgen-package-test-" + Guid.NewGuid().ToString("N"));
        var feed = Path.Combine(root, "feed");
        var artifacts = Path.Combine(root, "artifacts");
        var packages = Path.Combine(root, "packages");
        var consumer = Path.Combine(root, "consumer");
        Directory.CreateDirectory(feed);
        Directory.CreateDirectory(packages);
        Directory.CreateDirectory(consumer);
        try
        {
            // 1. Pack, as the README says, into the folder feed.
            var machinePackages = MachineGlobalPackagesFolder(repo);
            Run(repo, "pack", Path.Combine(repo, "src", "Diff.Runtime", "Diff.Runtime.csproj"), "-c", "Release",
                "-o", feed, "--artifacts-path", artifacts, $"-p:Version={version}", "--disable-build-servers", "-nodeReuse:false");
            var nupkg = Path.Combine(feed, $"DiffGen.{version}.nupkg");
            Assert.True(File.Exists(nupkg), $"dotnet pack did not write {nupkg}");
            Assert.True(File.Exists(Path.ChangeExtension(nupkg, ".snupkg")), "dotnet pack did not write the symbols package");

            // 2. A fresh project outside the solution: its own nuget.config, and empty Directory.* files so that no
            //    Directory.Build.props or Directory.Packages.props above the temporary directory applies to it.
            var template = Path.Combine(repo, "tests", "Diff.Package.Tests", "Consumer");
            File.WriteAllText(Path.Combine(consumer, "Consumer.csproj"),
                File.ReadAllText(Path.Combine(template, "Consumer.csproj")).Replace("$(DiffGenVersion)", version));
            File.Copy(Path.Combine(template, "Program.cs"), Path.Combine(consumer, "Program.cs"));
            foreach (var name in new[] { "Directory.Build.props", "Directory.Build.targets", "Directory.Packages.props" })
            {
                File.WriteAllText(Path.Combine(consumer, name), "<Project />\n");
            }

            File.WriteAllText(Path.Combine(consumer, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <config>
                    <add key="globalPackagesFolder" value="{packages}" />
                  </config>
                  <packageSources>
                    <clear />
                    <add key="diffgen-under-test" value="{feed}" />
                    <add key="machine-packages" value="{machinePackages}" />
                  </packageSources>
                  <packageSourceMapping>
                    <packageSource key="diffgen-under-test">
                      <package pattern="DiffGen" />
                    </packageSource>
                    <packageSource key="machine-packages">
                      <package pattern="*" />
                    </packageSource>
                  </packageSourceMapping>
                </configuration>
                """);

            // 3. Restore (the just-packed package lands in the private packages folder), build, run.
            var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
            Run(consumer, env, "restore", "Consumer.csproj");
            Assert.True(File.Exists(Path.Combine(packages, "diffgen", version, "analyzers", "dotnet", "cs", "Diff.Generator.dll")),
                "the restored package has no analyzers/dotnet/cs/Diff.Generator.dll");
            Run(consumer, env, "build", "Consumer.csproj", "--no-restore", "-c", "Release", "-p:TreatWarningsAsErrors=true",
                "--disable-build-servers", "-nodeReuse:false");
            var run = Run(consumer, env, Path.Combine(consumer, "bin", "Release", "net10.0", "Consumer.dll"));
            Assert.Contains("PASS", run);
            output.WriteLine($"packed-package test took {total.Elapsed.TotalSeconds:F1} s in all");
        }
        finally
        {
            try
            {
                Directory.Delete(root, recursive: true);
            }
            catch (IOException e)
            {
                output.WriteLine($"could not delete {root}: {e.Message}");
            }
        }
    }

    private string Run(string directory, params string[] arguments) => Run(directory, new Dictionary<string, string>(), arguments);

    /// <summary>Runs <c>dotnet</c> with the arguments; fails the test, with everything it printed, on a non-zero exit code.</summary>
    private string Run(string directory, IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The test host runs under `dotnet test`, whose MSBuild settings (MSBuildSDKsPath, MSBuildExtensionsPath, ...)
        // would otherwise leak into these independent builds.
        foreach (var key in start.Environment.Keys.Where(k => k.StartsWith("MSBuild", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(key);
        }

        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var text = new StringBuilder();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (text) { text.AppendLine(e.Data); } } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (text) { text.AppendLine(e.Data); } } };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(StepTimeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"dotnet {string.Join(' ', arguments)} did not finish within {StepTimeout}:\n{text}");
        }

        process.WaitForExit(); // drains the asynchronous output readers
        string printed;
        lock (text)
        {
            printed = text.ToString();
        }

        output.WriteLine($"$ dotnet {string.Join(' ', arguments)}   ({clock.Elapsed.TotalSeconds:F1} s, exit code {process.ExitCode})");
        output.WriteLine(printed);
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}:\n{printed}");
        return printed;
    }

    /// <summary>This machine's global packages folder (as NuGet resolves it for the repository), used as an offline feed.</summary>
    private string MachineGlobalPackagesFolder(string repo)
    {
        const string prefix = "global-packages:";
        var line = Run(repo, "nuget", "locals", "global-packages", "--list")
            .Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith(prefix, StringComparison.Ordinal));
        var folder = line[prefix.Length..].Trim();
        Assert.True(Directory.Exists(folder), $"the global packages folder {folder} does not exist");
        return folder;
    }

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "DiffGen.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"DiffGen.sln not found above {AppContext.BaseDirectory}");
    }
}
