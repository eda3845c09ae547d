using System.Runtime.CompilerServices;

namespace DiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing in Verify's convention: the approved text lives in <c>{Class}.{Test}.verified.cs</c> beside the
/// test file; a mismatch writes <c>{Class}.{Test}.received.cs</c> (git-ignored) and fails. Run with
/// <c>DIFFGEN_ACCEPT=1</c> to accept the received text as the new snapshot, then review the diff in git. Never in CI
/// (the <c>CI</c> variable set, as <c>.ci/run</c> and hosted CI services do): there accepting would pass any output,
/// and a missing snapshot would be written instead of reviewed, so both fail.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "DIFFGEN_ACCEPT";

    public const string CiVariable = "CI";

    public static void Verify(string actual, string? suffix = null, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "")
    {
        var directory = Path.GetDirectoryName(testFile)!;
        var name = Path.GetFileNameWithoutExtension(testFile) + "." + test + (suffix is null ? string.Empty : "." + suffix);
        Verify(
            actual,
            Path.Combine(directory, name + ".verified.cs"),
            Path.Combine(directory, name + ".received.cs"),
            accept: Environment.GetEnvironmentVariable(AcceptVariable) == "1",
            ci: IsCi(Environment.GetEnvironmentVariable(CiVariable)));
    }

    /// <summary>CI services set CI=true (some CI=1); an empty value or "false"/"0" means a developer's machine.</summary>
    public static bool IsCi(string? value) => !string.IsNullOrEmpty(value) && value != "0" && !value.Equals("false", StringComparison.OrdinalIgnoreCase);

    /// <summary>The comparison, with the environment passed in so that tests of it touch no process-wide state.</summary>
    public static void Verify(string actual, string verifiedPath, string receivedPath, bool accept, bool ci)
    {
        actual = Normalize(actual);
        if (accept && ci)
        {
            Assert.Fail($"{AcceptVariable}=1 in CI ({CiVariable} is set): snapshots are accepted on a developer's machine and reviewed in the diff, never in CI.");
        }

        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (accept)
        {
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(verified is null
            ? $"No snapshot {verifiedPath}: wrote {receivedPath}. Review it, then rename it to .verified.cs or rerun with {AcceptVariable}=1 (not in CI), and commit it."
            : $"Snapshot mismatch: compare {receivedPath} with {verifiedPath} (first difference at line {FirstDifference(verified, actual)}). Rerun with {AcceptVariable}=1 to accept.");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimStart('\uFEFF');

    private static int FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            if (a[i] != b[i])
            {
                return i + 1;
            }
        }

        return Math.Min(a.Length, b.Length) + 1;
    }
}
