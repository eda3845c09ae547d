namespace DiffGen.Corpus.Tests.Harness;

/// <summary>What happened to one <c>[Differentiable]</c> method of the corpus, worst first.</summary>
public enum Outcome
{
    /// <summary>The generator threw (the driver reported an exception) or reported DG9999 for the method.</summary>
    GeneratorException,

    /// <summary>The compiler reported an error located in generated code for the method.</summary>
    GeneratedCodeError,

    /// <summary>Grad returned a value whose bits differ from the primal's, or threw where the primal did not.</summary>
    ValueMismatch,

    /// <summary>Two central differences agree with each other and both disagree with the generated gradient (or Pullback does not add).</summary>
    WrongGradient,

    /// <summary>The method got a DG error (not DG9999): the generator refuses it.</summary>
    Blocked,

    /// <summary>No generated code and no DG error: the generator dropped the method silently.</summary>
    SilentlySkipped,

    /// <summary>Generated code exists but the file's program did not compile (an error elsewhere in generated code or the corpus).</summary>
    NotCompiled,

    /// <summary>The harness cannot call the method (a parameter type it does not build, a generic container, ...).</summary>
    HarnessUnsupported,

    /// <summary>No candidate point gave a finite primal value.</summary>
    NoDomain,

    /// <summary>The checks of the method did not finish in time.</summary>
    Timeout,

    /// <summary>Generated and checked, but at no point did the two finite differences agree, so nothing was compared.</summary>
    Unverified,

    /// <summary>Generated, values bit for bit, gradient agrees with finite differences, Pullback adds.</summary>
    Ok,
}

/// <summary>A DG diagnostic reported on a method.</summary>
public sealed record DgError(string Id, string Message, int Line)
{
    /// <summary>What the diagnostic points at, in words (see <see cref="Constructs"/>): the key of the blocking-construct ranking.</summary>
    public string Construct { get; init; } = "";
}

/// <summary>The result for one method of the corpus.</summary>
public sealed class MethodResult
{
    public required string File { get; init; }

    public required string Type { get; init; }

    public required string Method { get; init; }

    public required string Signature { get; init; }

    public required int Line { get; init; }

    public Outcome Outcome { get; set; }

    public List<DgError> Errors { get; } = new();

    /// <summary>Why the method ended where it did (first failure, or the points checked).</summary>
    public string Detail { get; set; } = "";

    public int Points { get; set; }

    public int Comparisons { get; set; }

    public string Key => $"{Type}.{Method}";
}

/// <summary>The result for one corpus file: its methods and what went wrong at file level.</summary>
public sealed class FileResult
{
    public required string File { get; init; }

    public List<MethodResult> Methods { get; } = new();

    /// <summary>Compiler errors located in the corpus file itself (the corpus must compile as it is).</summary>
    public List<string> CorpusErrors { get; } = new();

    /// <summary>Compiler errors located in generated code, as text.</summary>
    public List<string> GeneratedCodeErrors { get; } = new();

    /// <summary>Exceptions thrown by the generator driver for this file.</summary>
    public List<string> GeneratorExceptions { get; } = new();

    /// <summary>Problems of the harness itself (its call thunks did not compile, ...).</summary>
    public List<string> HarnessNotes { get; } = new();

    public TimeSpan Elapsed { get; set; }

    /// <summary>Where the file's time went (generator, each emit, checks).</summary>
    public List<string> Timings { get; } = new();
}
