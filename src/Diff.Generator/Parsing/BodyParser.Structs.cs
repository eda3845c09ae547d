using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Active struct parameters (<c>double Energy(Particle p)</c> with <c>record struct Particle(double X, double V)</c>):
/// each field the body reads (<c>p.X</c>) is an input of its own, declared from the parameter at the top of Grad and
/// Pullback (see <see cref="FieldInput"/>); the gradient is a <c>Particle</c> whose fields get those inputs' adjoints.
/// </summary>
internal sealed partial class BodyParser
{
    private readonly Dictionary<(string Parameter, string Member), FieldInput> fieldInputs = new();

    public IEnumerable<FieldInput> FieldInputs => fieldInputs.Values.OrderBy(f => f.Id, System.StringComparer.Ordinal);

    /// <summary>An active struct parameter, if the operation names one.</summary>
    private static IParameterSymbol? ActiveStruct(IOperation? operation)
        => operation is IParameterReferenceOperation { Parameter: var parameter } && TypeClassifier.IsActive(parameter) && TypeClassifier.StructFieldsOf(parameter.Type) is not null
            ? parameter
            : null;

    /// <summary>
    /// Whether an active struct parameter is an argument, by value or <c>in</c>, of a <c>[Differentiable]</c> method's
    /// parameter of the same struct type (<c>Dot(a, b)</c>): the callee's pullback then adds into the caller's gradient.
    /// </summary>
    private static bool PassedToDifferentiable(IParameterSymbol parameter, IOperation use)
        => use.Parent is IArgumentOperation { Parameter: { RefKind: RefKind.None or RefKind.In } target, Parent: IInvocationOperation call }
            && TypeClassifier.IsDifferentiable(call.TargetMethod)
            && SymbolEqualityComparer.Default.Equals(target.Type, parameter.Type)
            && TypeClassifier.IsActive(target);

    /// <summary>A use of an active struct parameter other than reading a field: reported, as not supported yet.</summary>
    private void ReportWholeStructUse(IParameterSymbol parameter, IOperation use)
    {
        // Show the construct that uses it (the call it is passed to, say), when that is short enough to quote.
        var context = use.Parent;
        while (context is IArgumentOperation or IConversionOperation { IsImplicit: true } && context.Parent is not null)
        {
            context = context.Parent;
        }

        var shown = context is { Syntax: var parent } && parent.Span.Length < 80 ? parent : use.Syntax;
        Report(
            Diagnostics.DiagnosticDescriptors.UnsupportedConstruct,
            use.Syntax.GetLocation(),
            "Using the struct parameter '" + parameter.Name + "' other than by reading its fields ('" + Origin(shown) + "')",
            "read its fields (" + parameter.Name + "." + TypeClassifier.StructFieldsOf(parameter.Type)![0].Member + ", …), copy it into a local, use its operators and methods, or pass it whole to a [Differentiable] method taking that struct");
    }

    /// <summary><c>[Differentiable(WithRespectToThis = true)]</c> on this struct method: <c>this</c> is an active struct value.</summary>
    public bool ReceiverIsActive { get; set; }

    /// <summary>The active receiver's fields as inputs of parameter <c>this</c>; null for a passive receiver.</summary>
    private StructValue? ActiveReceiver
        => ReceiverIsActive && TypeClassifier.StructFieldsOf(method.ContainingType) is { } fields
            ? new StructValue(method.ContainingType, fields, fields.Select(f => FieldInputOf("this", f)).ToArray())
            : null;
}
