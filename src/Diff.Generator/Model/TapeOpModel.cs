namespace DiffGen.Generator.Model;

/// <summary>Which tensor op a <c>[TapeOp]</c> method lifts to, decided by its leading parameters.</summary>
internal enum TapeOpKind
{
    /// <summary><c>float F(float x, constants…)</c>: applied to every element (<c>LiftedOps.Elementwise</c>).</summary>
    Elementwise,

    /// <summary><c>float F(ReadOnlySpan&lt;float&gt; row, constants…)</c>: applied to every row (<c>LiftedOps.Rowwise</c>).</summary>
    Rowwise,

    /// <summary><c>float F([NoDerivative] ReadOnlySpan&lt;float&gt; yTrue, ReadOnlySpan&lt;float&gt; yPred, constants…)</c>: a per-sample loss.</summary>
    Loss,

    /// <summary><c>float F(ReadOnlySpan&lt;float&gt; weights, ReadOnlySpan&lt;float&gt; input, constants…)</c>: one unit of a <c>SpanLayer</c>.</summary>
    Units,
}

/// <summary>
/// A <c>[TapeOp]</c> method that can be lifted to an elementwise tensor op, as plain data: the element parameter,
/// the op's constants (passive parameters, passed through unchanged) and the names the emitted members use.
/// </summary>
/// <param name="MethodId">The method's documentation-comment id: the op is emitted only when its [Differentiable] half generated.</param>
/// <param name="Kind">Which op the method lifts to.</param>
/// <param name="Element">The first parameter: the tensor's element or row (for a loss, y_true; for units, the weights).</param>
/// <param name="Second">The second span of a loss (y_pred) or of units (the input); null for the other kinds.</param>
/// <param name="Constants">The further parameters, constants of the op (never differentiated).</param>
/// <param name="OpName">The name the tape records and the activation carries, e.g. <c>MyOps.Swish</c>.</param>
/// <param name="StructName">The private struct implementing <c>IElementwiseOp</c>, unique among the type's overloads.</param>
/// <param name="HasConstantFreeOverload">
/// An op with constants that has a <c>[TapeOp]</c> overload of the same form without them: that overload's
/// <c>FActivation</c>/<c>FLoss</c> property owns the name, so this op gets no method of that name (C# cannot declare both).
/// </param>
internal sealed record TapeOpModel(
    TypeHierarchy Containing,
    string MethodId,
    string Name,
    string Accessibility,
    TapeOpKind Kind,
    ParameterModel Element,
    ParameterModel? Second,
    EquatableArray<ParameterModel> Constants,
    string OpName,
    string StructName,
    bool HasConstantFreeOverload)
{
    public string OpMethodName => Name + "Op";

    public string ActivationName => Name + "Activation";

    public string PullbackName => Name + "Pullback";

    public string LossName => Name + "Loss";
}

/// <summary>What parsing one <c>[TapeOp]</c> method yields: the op when it can be lifted, else the diagnostics saying why.</summary>
internal sealed record TapeOpParseResult(TapeOpModel? Op, EquatableArray<DiagnosticInfo> Diagnostics);
