namespace DiffGen.Generator.Model;

/// <summary>
/// A value of the incremental pipeline, as a reference type. Roslyn's node tables are generic in the value type: for a
/// class the compiler's precompiled (ReadyToRun) shared code serves them, but a struct value (an
/// <see cref="EquatableArray{T}"/>, a tuple, a bool) makes every fresh compiler process JIT each table's methods for
/// it, hundreds of them. So every step outputs a class; tuples from <c>Combine</c> are of classes.
/// </summary>
internal sealed record Boxed<T>(T Value);

internal static class Boxed
{
    public static Boxed<T> Of<T>(T value) => new(value);
}

/// <summary>The warnings of one method that has some, by its id.</summary>
internal sealed record MethodWarnings(string MethodId, EquatableArray<DiagnosticInfo> Warnings);

/// <summary>A <c>[TapeOp]</c> method with, for an elementwise op, the model of its <c>[Differentiable]</c> half.</summary>
internal sealed record LiftedOp(TapeOpModel Op, MethodModel? Method);
