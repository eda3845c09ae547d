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
