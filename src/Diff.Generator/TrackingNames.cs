namespace DiffGen.Generator;

/// <summary>Names of the pipeline steps, so tests can check what an edit re-ran.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Generate = nameof(Generate);
    public const string Methods = nameof(Methods);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Types = nameof(Types);
    public const string CallGraph = nameof(CallGraph);
    public const string TapeOpParse = nameof(TapeOpParse);
    public const string TapeOpDiagnostics = nameof(TapeOpDiagnostics);
    public const string TapeOpRuntime = nameof(TapeOpRuntime);
    public const string TapeOpMethods = nameof(TapeOpMethods);
    public const string TapeOps = nameof(TapeOps);
    public const string TapeOpTypes = nameof(TapeOpTypes);
}
