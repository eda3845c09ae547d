namespace DiffGen.Generator.Model;

/// <summary>
/// A differentiable method as plain, equatable data: everything the later stages need and nothing that pins the
/// compilation (no symbols, syntax nodes or locations), so unrelated edits leave it equal and cached.
/// </summary>
/// <param name="Accessibility">The method's accessibility as written in C#, e.g. <c>public</c> or <c>private protected</c>.</param>
/// <param name="Locals">Every local of the body with its method-unique id (user name, suffixed only on a clash).</param>
internal sealed record MethodModel(
    TypeHierarchy Containing,
    string Name,
    string Accessibility,
    TypeRef ReturnType,
    EquatableArray<ParameterModel> Parameters,
    EquatableArray<LocalModel> Locals,
    EquatableArray<StmtModel> Body)
{
    /// <summary>
    /// An instance method: its receiver is passive (fields read as constants, a model with fixed data), and its
    /// Grad and Pullback are instance methods too.
    /// </summary>
    public bool IsInstance { get; init; }

    /// <summary>Returns void (its results are out parameters): Pullback returns void and takes no seed, and there is no Grad.</summary>
    public bool IsVoid { get; init; }

    /// <summary>The body throws (argument checks): a null array reaches them instead of the gradient-length check.</summary>
    public bool Throws { get; init; }

    /// <summary>The fields of active struct parameters that the body reads, each an input of its own.</summary>
    public EquatableArray<FieldInput> FieldInputs { get; init; } = EquatableArray<FieldInput>.Empty;

    /// <summary>The multidimensional array parameters the body reads, each as a flat span.</summary>
    public EquatableArray<FlatArray> FlatArrays { get; init; } = EquatableArray<FlatArray>.Empty;

    /// <summary>
    /// The array parameters the body writes (see <see cref="ParameterModel.IsArrayOutput"/>), each worked on as a local
    /// array that starts as a copy of the parameter and is copied back into it at the end of the forward sweep.
    /// </summary>
    public EquatableArray<ArrayOutput> ArrayOutputs { get; init; } = EquatableArray<ArrayOutput>.Empty;

    /// <summary>
    /// <c>[Differentiable(WithRespectToThis = true)]</c> on an instance method of a differentiable struct: the receiver
    /// as an active struct parameter named <c>this</c> (its fields are <see cref="FieldInputs"/> of parameter
    /// <c>this</c>), whose gradient <c>dthis</c> comes before the other gradients. Null for a passive receiver.
    /// </summary>
    public ParameterModel? ActiveReceiver { get; init; }

    /// <summary>The parameters that get a gradient, in order: the active receiver first, then the active parameters.</summary>
    public System.Collections.Generic.IEnumerable<ParameterModel> ActiveParameters
        => ActiveReceiver is null ? System.Linq.Enumerable.Where(Parameters, p => p.IsActive) : System.Linq.Enumerable.Prepend(System.Linq.Enumerable.Where(Parameters, p => p.IsActive), ActiveReceiver);

    /// <summary>
    /// A method returning a differentiable struct (<c>Particle Step(Particle p, double dt)</c>): lowered as a void method
    /// whose results are out parameters <c>result_X</c>, <c>result_V</c>, … (one per field, last among the
    /// parameters); its public pullback takes the struct's adjoint as a struct seed and returns the struct.
    /// </summary>
    public StructResult? StructResult { get; init; }

    /// <summary>
    /// A generic math method's type parameter list (<c>&lt;T&gt;</c>), which Grad and Pullback repeat; empty otherwise.
    /// </summary>
    public string TypeParameters { get; init; } = string.Empty;

    /// <summary>Its constraint clauses as Grad and Pullback repeat them (<c> where T : global::System.Numerics.INumber&lt;T&gt;</c>).</summary>
    public string Constraints { get; init; } = string.Empty;

    /// <summary>The <c>DiffModes</c> flags of <c>[Differentiable(Modes = …)]</c>: 1 forward mode, 2 second order (0: reverse only).</summary>
    public int Modes { get; init; }

    /// <summary>Forward mode was asked for (second order implies it).</summary>
    public bool WantsForward => (Modes & 3) != 0;

    /// <summary>Second order (Hessian-vector products, Hessians) was asked for.</summary>
    public bool WantsHessian => (Modes & 2) != 0;

    public string GradName => Name + "Grad";

    /// <summary>The pullback the body is emitted as: for a struct result, the per-field one the public pullback calls.</summary>
    public string PullbackName => Name + (StructResult is null ? "Pullback" : "FieldsPullback");
}

/// <summary>A local variable of the primal body; <paramref name="Id"/> is unique within the method.</summary>
internal sealed record LocalModel(string Id, TypeRef Type);

/// <summary>
/// A multidimensional array parameter read as the flat span <paramref name="FlatId"/> over its elements (row-major), and
/// for an active one its gradient as <paramref name="GradientFlatId"/>: both declared at the top of Grad and Pullback.
/// </summary>
internal sealed record FlatArray(string Array, string FlatId, string? GradientFlatId, TypeRef Element)
{
    /// <summary>For a span or array of structs, the struct's name: the flat span is a cast of the struct span.</summary>
    public string? StructType { get; init; }
}

/// <summary>An array parameter the body writes, <paramref name="Parameter"/>, worked on as the local array <paramref name="Local"/>.</summary>
internal sealed record ArrayOutput(string Parameter, string Local, TypeRef Element);

/// <summary>The struct a method returns: its type and fields, each an out parameter named <see cref="ParameterName"/>.</summary>
internal sealed record StructResult(TypeRef Type, EquatableArray<StructField> Fields)
{
    public static string ParameterName(StructField field) => "result_" + field.IdentifierPart;
}
