using DiffGen.Generator.Tests.Infrastructure;
using Xunit.Sdk;

namespace DiffGen.Generator.Tests.Snapshots;

/// <summary>
/// The snapshot helper itself, in a temporary directory with the environment passed in: accepting is refused in CI,
/// and a missing snapshot fails there instead of being written.
/// </summary>
public sealed class SnapshotHelperTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("diffgen-snapshot-").FullName;

    private string Verified => Path.Combine(directory, "T.verified.cs");

    private string Received => Path.Combine(directory, "T.received.cs");

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("1", true)]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("false", false)]
    [InlineData("0", false)]
    public void CI_is_detected_from_the_CI_variable(string? value, bool ci) => Assert.Equal(ci, Snapshot.IsCi(value));

    [Fact]
    public void Accepting_in_CI_fails_and_writes_no_snapshot()
    {
        var error = Assert.Throws<FailException>(() => Snapshot.Verify("new text", Verified, Received, accept: true, ci: true));
        Assert.Contains("never in CI", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Verified));
    }

    [Fact]
    public void Accepting_in_CI_fails_even_over_a_changed_snapshot()
    {
        File.WriteAllText(Verified, "old text");
        Assert.Throws<FailException>(() => Snapshot.Verify("new text", Verified, Received, accept: true, ci: true));
        Assert.Equal("old text", File.ReadAllText(Verified));
    }

    [Fact]
    public void A_missing_snapshot_fails_and_is_not_created()
    {
        var error = Assert.Throws<FailException>(() => Snapshot.Verify("text", Verified, Received, accept: false, ci: true));
        Assert.Contains("No snapshot", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(Verified));
        Assert.Equal("text", File.ReadAllText(Received));
    }

    [Fact]
    public void A_mismatch_fails_and_keeps_the_snapshot()
    {
        File.WriteAllText(Verified, "line 1\nline 2\n");
        var error = Assert.Throws<FailException>(() => Snapshot.Verify("line 1\nline two\n", Verified, Received, accept: false, ci: false));
        Assert.Contains("first difference at line 2", error.Message, StringComparison.Ordinal);
        Assert.Equal("line 1\nline 2\n", File.ReadAllText(Verified));
    }

    [Fact]
    public void A_developer_accepts_outside_CI()
    {
        Snapshot.Verify("new text", Verified, Received, accept: true, ci: false);
        Assert.Equal("new text", File.ReadAllText(Verified));
        Assert.False(File.Exists(Received));
    }

    [Fact]
    public void A_match_passes_with_CRLF_and_a_byte_order_mark_in_the_snapshot()
    {
        File.WriteAllText(Verified, "\uFEFFline 1\r\nline 2\r\n");
        Snapshot.Verify("line 1\nline 2\n", Verified, Received, accept: false, ci: true);
        Assert.False(File.Exists(Received));
    }
}
