namespace DiffGen.Generator.Model;

/// <summary>
/// A <c>[TapeOp]</c> method that can be lifted to an elementwise tensor op, as plain data: the element parameter,
/// the op's constants (passive parameters, passed through unchanged) and the names the emitted members use.
/// </summary>
/// <param name="MethodId">The method's documentation-comment id: the op is emitted only when its [Differentiable] half generated.</param>
/// <param name="Element">The first parameter: the tensor's element, the one the op differentiates.</param>
/// <param name="Constants">The further parameters, constants of the op (never differentiated).</param>
/// <param name="OpName">The name the tape records and the activation carries, e.g. <c>MyOps.Swish</c>.</param>
/// <param name="StructName">The private struct implementing <c>IElementwiseOp</c>, unique among the type's overloads.</param>
internal sealed record TapeOpModel(
    TypeHierarchy Containing,
    string MethodId,
    string Name,
    string Accessibility,
    ParameterModel Element,
    EquatableArray<ParameterModel> Constants,
    string OpName,
    string StructName)
{
    public string OpMethodName => Name + "Op";

    public string ActivationName => Name + "Activation";

    public string PullbackName => Name + "Pullback";
}

/// <summary>What parsing one <c>[TapeOp]</c> method yields: the op when it can be lifted, else the diagnostics saying why.</summary>
internal sealed record TapeOpParseResult(TapeOpModel? Op, EquatableArray<DiagnosticInfo> Diagnostics);
