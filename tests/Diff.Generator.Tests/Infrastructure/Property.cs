using System.Text.RegularExpressions;
using CsCheck;

namespace DiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// How every property test here samples: a fresh random seed on each run, so that over many CI runs a property
/// explores far more cases than one run's few samples (which are all CI's time allows); a failure is replayed
/// exactly from the seed CsCheck prints, and that seed then joins the property's checked-in list of seeds that once
/// failed, which run every time.
/// </summary>
public static partial class Property
{
    /// <summary>Overrides every property's sample count, for a long local hunt: <c>CsCheck_Iter=250 dotnet test …</c>.</summary>
    public const string IterVariable = "CsCheck_Iter";

    /// <summary>Replays one failure: CsCheck starts from this seed instead of a random one.</summary>
    public const string SeedVariable = "CsCheck_Seed";

    /// <summary>
    /// Samples <paramref name="iter"/> random cases (or <see cref="IterVariable"/>'s count) from a random seed (or
    /// <see cref="SeedVariable"/>'s), shrinking a failure within that budget; the failure says how to replay it.
    /// </summary>
    public static void Sample<T>(Gen<T> gen, Action<T> check, int iter, string test, Func<T, string>? print = null)
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable(IterVariable), out var n) && n > 0 ? n : iter;
        try
        {
            // seed: null makes CsCheck take CsCheck_Seed when it is set, else a new random seed.
            gen.Sample(check, iter: iterations, threads: 1, print: print);
        }
        catch (CsCheckException e)
        {
            // The failed assertion's own message first (CsCheck keeps it as the inner exception).
            throw new InvalidOperationException(ReplayHint(e.Message, test) + "\n\n" + e.InnerException?.Message + "\n\n" + e.Message, e);
        }
    }

    /// <summary>Runs the one case that <paramref name="seed"/> generates (a seed from a failure message).</summary>
    public static void Replay<T>(Gen<T> gen, Action<T> check, string seed, Func<T, string>? print = null)
        => gen.Sample(check, iter: 1, threads: 1, seed: seed, print: print);

    private static string ReplayHint(string message, string test)
    {
        var seed = SeedPattern().Match(message);
        return seed.Success
            ? $"Replay: {SeedVariable}={seed.Groups[1].Value} dotnet test tests/Diff.Generator.Tests --filter FullyQualifiedName~{test}\n" +
              $"Then add \"{seed.Groups[1].Value}\" to the test's list of seeds that once failed (a fixed regression case)."
            : "CsCheck gave no seed to replay.";
    }

    [GeneratedRegex("Set seed: \"([^\"]+)\"")]
    private static partial Regex SeedPattern();
}
