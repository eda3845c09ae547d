namespace DiffGen.Generator.Model;

/// <summary>
/// The primal's statements. Blocks are flattened (locals have method-unique ids); <paramref name="Origin"/> is the
/// primal statement's text on one line, which the emitter prints as a comment above the code derived from it.
/// </summary>
internal abstract record StmtModel(string Origin);

/// <summary>Declares a local; a declaration without initializer starts the local at its default value.</summary>
internal sealed record DeclareStmt(string Origin, string Id, TypeRef Type, ExprModel? Initializer) : StmtModel(Origin);

/// <summary>Assigns a local or a parameter; compound assignments arrive already expanded.</summary>
internal sealed record AssignStmt(string Origin, string Id, ExprModel Value) : StmtModel(Origin);

internal sealed record IfStmt(string Origin, ExprModel Condition, EquatableArray<StmtModel> Then, EquatableArray<StmtModel> Else) : StmtModel(Origin);

internal sealed record ReturnStmt(string Origin, ExprModel Value) : StmtModel(Origin);

/// <summary>
/// A loop, all forms brought to one shape: <c>while (Header) { Body; Step; } while (Footer)</c>. <c>for</c> puts its
/// initializers before the loop and its incrementors in <paramref name="Step"/> (which <c>continue</c> does not skip);
/// <c>foreach</c> over an array or span becomes a counted loop.
/// </summary>
/// <param name="CounterId">A counter the step advances by <paramref name="CounterStep"/> and nothing else assigns;
/// the reverse sweep recomputes it instead of recording it.</param>
internal sealed record LoopStmt(
    string Origin,
    ExprModel? Header,
    EquatableArray<StmtModel> Body,
    EquatableArray<StmtModel> Step,
    ExprModel? Footer,
    string? CounterId,
    int CounterStep) : StmtModel(Origin);

internal sealed record BreakStmt(string Origin) : StmtModel(Origin);

internal sealed record ContinueStmt(string Origin) : StmtModel(Origin);

/// <summary>A local array: <c>new double[n]</c> or <c>stackalloc double[n]</c> (zeroed, as C# makes it).</summary>
internal sealed record DeclareArrayStmt(string Origin, string Id, TypeRef Type, ExprModel Length) : StmtModel(Origin);

/// <summary><c>a[i] = value</c> on a local array (compound forms arrive expanded).</summary>
internal sealed record StoreStmt(string Origin, string ArrayId, ExprModel Index, ExprModel Value) : StmtModel(Origin);

/// <summary><c>throw e;</c>: kept in the forward sweep, where it leaves before any gradient is written.</summary>
internal sealed record ThrowStmt(string Origin, TemplateExpr Exception) : StmtModel(Origin);

/// <summary>
/// A call evaluated for its effect alone (<c>Debug.Assert(x &gt; 0)</c>, a log line): its arguments are passive, its
/// result unused, so it runs once in the forward sweep and has no derivative.
/// </summary>
internal sealed record EffectStmt(string Origin, TemplateExpr Call) : StmtModel(Origin);
