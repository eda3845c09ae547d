namespace DiffGen.Generator.Model;

/// <summary>
/// One parameter of a differentiable method. Active parameters (floating point, not <c>[NoDerivative]</c>) get a
/// gradient parameter named <see cref="GradientName"/>; passive ones are passed through unchanged.
/// </summary>
internal sealed record ParameterModel(string Name, TypeRef Type, bool IsActive)
{
    /// <summary>
    /// An <c>out</c> parameter: a further result. When it is floating point (and not [NoDerivative]) it is an active
    /// output: Pullback takes its adjoint as <see cref="SeedName"/>, after the return value's seed.
    /// </summary>
    public bool IsOut { get; init; }

    public bool IsActiveOutput => ((IsOut || IsRef) && Type.IsFloating || IsArrayOutput && Type.Element is { IsFloating: true }) && OutIsDifferentiable;

    /// <summary>
    /// An array or span parameter the body writes into (<c>void Derivs(double t, ReadOnlySpan&lt;double&gt; y,
    /// Span&lt;double&gt; dydt)</c>): an input (its elements on entry, gradient in <see cref="GradientName"/>) and an
    /// output (its elements on return, whose adjoints Pullback takes as the span <see cref="SeedName"/>), as a
    /// <c>ref</c> scalar is. Grad and Pullback write it as the primal does.
    /// </summary>
    public bool IsArrayOutput { get; init; }

    /// <summary>
    /// A <c>ref</c> parameter: an input (active when floating and not [NoDerivative]) and a further result, its final
    /// value, whose adjoint Pullback takes as <see cref="SeedName"/>; Grad and Pullback update it as the primal does.
    /// </summary>
    public bool IsRef { get; init; }

    /// <summary>An <c>in</c> parameter: read-only, so an input like any other; only its declaration keeps the modifier.</summary>
    public bool IsIn { get; init; }

    /// <summary>Not marked [NoDerivative] (for an out parameter, whose IsActive is false: it is no input).</summary>
    public bool OutIsDifferentiable { get; init; }

    /// <summary>
    /// For a struct of floating-point fields (<c>record struct Particle(double X, double V)</c>): its fields. The
    /// parameter is then active and its gradient has the same type (<c>out Particle dp</c>, <c>ref Particle dp</c>).
    /// </summary>
    public EquatableArray<StructField> StructFields { get; init; } = EquatableArray<StructField>.Empty;

    public bool IsStruct => StructFields.Count > 0;

    public string SeedName => "seed_" + Name;

    public string GradientName => GradientNameOverride ?? "d" + Name;

    /// <summary>
    /// A gradient name other than <c>d</c> + name, for generated methods whose parameters already use that name: the
    /// second-order pullback, whose tangent parameters are <c>dx</c> (see <c>Emitting/HessianEmitter</c>).
    /// </summary>
    public string? GradientNameOverride { get; init; }

    /// <summary>How the gradient parameter is typed: <c>out T</c> for a scalar, <c>Span&lt;T&gt;</c> for an array or span.</summary>
    public bool IsArray => Type.IsArray;
}

/// <summary>
/// A floating-point field (or auto-property) of a differentiable struct, by the name the code reads it with;
/// <paramref name="InitOnly"/> when it can only be set in an initializer (a <c>with</c> expression adds into it).
/// </summary>
internal sealed record StructField(string Member, TypeRef Type, bool InitOnly)
{
    /// <summary>An integer, bool or [NoDerivative] field: read as a constant, its gradient left 0.</summary>
    public bool Passive { get; init; }

    /// <summary>A field of a struct field (<c>Position.X</c>): <see cref="Member"/> is its path.</summary>
    public bool IsNested => Member.IndexOf('.') >= 0;

    /// <summary>The path as part of an identifier: <c>Position_X</c>.</summary>
    public string IdentifierPart => Member.Replace('.', '_');
}

/// <summary>One field of an active struct parameter as the body reads it: the input <paramref name="Id"/>, declared
/// from <c>Parameter.Member</c> at the top of Grad and Pullback; its adjoint is added into <c>dParameter.Member</c>.</summary>
internal sealed record FieldInput(string Id, string Parameter, StructField Field);
