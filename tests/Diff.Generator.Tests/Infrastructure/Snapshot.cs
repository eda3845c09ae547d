using System.Runtime.CompilerServices;

namespace DiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Snapshot testing in Verify's convention: the approved text lives in <c>{Class}.{Test}.verified.cs</c> beside the
/// test file; a mismatch writes <c>{Class}.{Test}.received.cs</c> (git-ignored) and fails. Run with
/// <c>DIFFGEN_ACCEPT=1</c> to accept the received text as the new snapshot, then review the diff in git.
/// </summary>
public static class Snapshot
{
    public const string AcceptVariable = "DIFFGEN_ACCEPT";

    public static void Verify(string actual, string? suffix = null, [CallerFilePath] string testFile = "", [CallerMemberName] string test = "")
    {
        var directory = Path.GetDirectoryName(testFile)!;
        var name = Path.GetFileNameWithoutExtension(testFile) + "." + test + (suffix is null ? string.Empty : "." + suffix);
        var verifiedPath = Path.Combine(directory, name + ".verified.cs");
        var receivedPath = Path.Combine(directory, name + ".received.cs");
        actual = Normalize(actual);

        var verified = File.Exists(verifiedPath) ? Normalize(File.ReadAllText(verifiedPath)) : null;
        if (verified == actual)
        {
            File.Delete(receivedPath);
            return;
        }

        if (Environment.GetEnvironmentVariable(AcceptVariable) == "1")
        {
            File.WriteAllText(verifiedPath, actual);
            File.Delete(receivedPath);
            return;
        }

        File.WriteAllText(receivedPath, actual);
        Assert.Fail(verified is null
            ? $"No snapshot yet: wrote {receivedPath}. Review it, then rename it to .verified.cs or rerun with {AcceptVariable}=1."
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
