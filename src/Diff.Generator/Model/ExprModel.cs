namespace DiffGen.Generator.Model;

/// <summary>
/// The primal's expressions after semantic analysis: every implicit conversion explicit, every call resolved to
/// what it means for differentiation (a math rule, another differentiable method, or a passive call).
/// </summary>
internal abstract record ExprModel(TypeRef Type);

/// <summary>A constant, already spelled as a round-trippable C# literal (<c>0.1d</c>, <c>2f</c>, <c>true</c>).</summary>
internal sealed record LiteralExpr(TypeRef Type, string Text, double? Value) : ExprModel(Type);

/// <summary>A read of a parameter or local, by its method-unique id.</summary>
internal sealed record VariableExpr(TypeRef Type, string Id) : ExprModel(Type);

internal sealed record BinaryExpr(TypeRef Type, BinaryOp Op, ExprModel Left, ExprModel Right) : ExprModel(Type);

internal sealed record UnaryExpr(TypeRef Type, UnaryOp Op, ExprModel Operand) : ExprModel(Type);

/// <summary><c>c ? a : b</c>; the condition is passive.</summary>
internal sealed record ConditionalExpr(TypeRef Type, ExprModel Condition, ExprModel WhenTrue, ExprModel WhenFalse) : ExprModel(Type);

/// <summary>A numeric conversion of <paramref name="Operand"/> to <see cref="ExprModel.Type"/>.</summary>
internal sealed record ConvertExpr(TypeRef Type, ExprModel Operand) : ExprModel(Type);

/// <summary>A call to a <c>System.Math</c>/<c>MathF</c> function that has a rule in <c>Rules/MathRules</c>.</summary>
/// <param name="Target">Fully qualified method, e.g. <c>global::System.Math.Sin</c>.</param>
internal sealed record MathCallExpr(TypeRef Type, string Function, string Target, EquatableArray<ExprModel> Arguments) : ExprModel(Type);

/// <summary>A call to another <c>[Differentiable]</c> method, differentiated through its generated pullback.</summary>
/// <param name="Target">Fully qualified primal, e.g. <c>global::Ns.Shapes.Area</c>.</param>
/// <param name="ActiveParameters">For each argument, whether the callee's parameter is active.</param>
internal sealed record DifferentiableCallExpr(
    TypeRef Type,
    string Target,
    EquatableArray<ExprModel> Arguments,
    EquatableArray<bool> ActiveParameters) : ExprModel(Type)
{
    public string PullbackTarget => Target + "Pullback";

    /// <summary>
    /// Per argument: 0 for an input, 1 for an out argument into a local (its argument is that local), 2 for an out
    /// argument the callee differentiates (a floating-point out, whose adjoint the pullback takes as a seed), 3 for a
    /// ref argument the callee differentiates (an input, and an output with a seed), 4 for another ref argument.
    /// </summary>
    public EquatableArray<int> OutKinds { get; init; } = EquatableArray<int>.Empty;

    /// <summary>
    /// A passive local holding the receiver (<c>phi.Value(x)</c> with <c>var phi = new Normal(…)</c>); then
    /// <see cref="Target"/> is the method's bare name. Null when the receiver is spelled in <see cref="Target"/>.
    /// </summary>
    public ExprModel? Receiver { get; init; }

    /// <summary>The callee returns void (its results are out arguments): called as a statement, its pullback takes no seed.</summary>
    public bool ReturnsVoid { get; init; }

    /// <summary>An out argument: the callee writes it without reading it.</summary>
    public bool IsOut(int argument) => OutKinds.Count > argument && OutKinds[argument] is 1 or 2;

    /// <summary>A ref argument: the callee reads it and writes it.</summary>
    public bool IsRef(int argument) => OutKinds.Count > argument && OutKinds[argument] is 3 or 4;

    /// <summary>An out or ref argument: the call gives its local a new value.</summary>
    public bool Writes(int argument) => OutKinds.Count > argument && OutKinds[argument] is > 0 and < 5;

    /// <summary>An argument whose new value the callee differentiates: its adjoint is a seed of the pullback.</summary>
    public bool IsActiveOut(int argument) => OutKinds.Count > argument && OutKinds[argument] is 2 or 3 or 5;

    /// <summary>
    /// The arrays the callee writes (kind 5, or 6 when the callee does not differentiate them): each argument is a
    /// scratch local array that the call works on, copied from its destination before the call and back after.
    /// </summary>
    public EquatableArray<ArrayWrite> ArrayWrites { get; init; } = EquatableArray<ArrayWrite>.Empty;

    /// <summary>The callee's <c>[Differentiable(Modes = …)]</c> flags: whether a caller in forward mode (1) or second order (2) can call through it.</summary>
    public int CalleeModes { get; init; }
}

/// <summary>
/// Argument <paramref name="Argument"/> of a call is an array the callee writes: the call works on the scratch local
/// array <paramref name="Scratch"/>, which holds <paramref name="Destination"/>'s elements before the call (copied in
/// where the call is made, and again where its pullback is called) and is copied back into it after the call.
/// </summary>
internal sealed record ArrayWrite(int Argument, string Scratch, SliceExpr Destination);

/// <summary>A call whose result carries no derivative (it is not floating point, or none of its inputs vary).</summary>
internal sealed record PassiveCallExpr(TypeRef Type, string Target, EquatableArray<ExprModel> Arguments) : ExprModel(Type);

/// <summary>A read of one element of an array or span: <c>a[i]</c>, the index passive.</summary>
internal sealed record ElementExpr(TypeRef Type, string ArrayId, ExprModel Index) : ExprModel(Type)
{
    /// <summary>For a jagged array, the row: <c>a[Row][Index]</c> (null for every other array).</summary>
    public ExprModel? Row { get; init; }
}

/// <summary>
/// Part of an array or span, <paramref name="Length"/> elements from <paramref name="Start"/> (<c>v.AsSpan(i, n)</c>,
/// <c>v.Slice(i)</c>, <c>v[a..b]</c>), passed to a differentiable callee: its gradient is the same part of the
/// array's gradient buffer. <paramref name="OfArray"/>: the array is a <c>T[]</c> parameter (spelled with AsSpan).
/// </summary>
internal sealed record SliceExpr(TypeRef Type, string ArrayId, ExprModel Start, ExprModel Length, bool OfArray) : ExprModel(Type);

/// <summary><c>a.Length</c> of an array or span.</summary>
internal sealed record LengthExpr(TypeRef Type, string ArrayId) : ExprModel(Type)
{
    /// <summary>For a row of a jagged array: <c>a[Row].Length</c> (null for every other array).</summary>
    public ExprModel? Row { get; init; }
}

/// <summary>A passive read spelled verbatim, e.g. a static field <c>global::Ns.Constants.Scale</c>.</summary>
internal sealed record OpaqueExpr(TypeRef Type, string Text) : ExprModel(Type);

/// <summary>
/// A passive expression of any type, re-spelled fully qualified so it compiles in the generated file: the text
/// between the holes is verbatim (<paramref name="Parts"/> has one more entry than <paramref name="Holes"/>), and
/// each hole reads a parameter or local, so it prints that variable's current value. It carries no derivative:
/// argument checks, exception messages, assertions, data of other types.
/// </summary>
internal sealed record TemplateExpr(TypeRef Type, EquatableArray<string> Parts, EquatableArray<ExprModel> Holes) : ExprModel(Type);

/// <summary><c>throw e</c> as an expression (<c>c ? v : throw e</c>): the path that reaches it leaves the method.</summary>
internal sealed record ThrowExpr(TypeRef Type, TemplateExpr Exception) : ExprModel(Type);

internal enum BinaryOp
{
    Add,
    Subtract,
    Multiply,
    Divide,
    Remainder,
    Equals,
    NotEquals,
    LessThan,
    LessThanOrEqual,
    GreaterThan,
    GreaterThanOrEqual,
    ConditionalAnd,
    ConditionalOr,
    And,
    Or,
    ExclusiveOr,
    LeftShift,
    RightShift,
}

internal enum UnaryOp
{
    Negate,
    Plus,
    Not,
    BitwiseNegation,
}
