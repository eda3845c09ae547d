using System.Collections.Generic;
using System.Linq;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Diagnostics;

/// <summary>
/// Every diagnostic DiffGen reports. Ids are stable once shipped (see AnalyzerReleases.*.md); each message says
/// what is wrong and what to do about it.
/// </summary>
internal static class DiagnosticDescriptors
{
    private const string Category = "DiffGen";

    public static readonly DiagnosticDescriptor TypeNotPartial = Error(
        "DG0001",
        "Containing type must be partial",
        "Type '{0}' must be declared 'partial' so DiffGen can add the gradient of '{1}' to it; add the 'partial' modifier");

    public static readonly DiagnosticDescriptor MethodNotStatic = Error(
        "DG0002",
        "Differentiable method of an interface must be static",
        "'{0}' is an instance method of an interface; [Differentiable] supports static methods and instance methods of classes and structs: make it static, or move it to a class or struct");

    public static readonly DiagnosticDescriptor CallNotDifferentiable = Error(
        "DG0003",
        "Call to a method that is not differentiable",
        "'{0}' is not differentiable; {1}");

    public static readonly DiagnosticDescriptor UnsupportedReturnType = Error(
        "DG0004",
        "Unsupported return type",
        "'{0}' returns '{1}'; a [Differentiable] method must return double or float");

    public static readonly DiagnosticDescriptor UnsupportedParameterType = Error(
        "DG0005",
        "Unsupported parameter type",
        "Parameter '{0}' has type '{1}', which DiffGen cannot differentiate; use double or float, or mark it [NoDerivative] to treat it as a constant");

    public static readonly DiagnosticDescriptor RefParameter = Error(
        "DG0006",
        "ref parameters are not supported",
        "Parameter '{0}' is passed by '{1}'; a [Differentiable] method takes its inputs by value or 'in' and gives its results as the return value or 'out' parameters: take the input by value and return (or 'out') the new value");

    public static readonly DiagnosticDescriptor TryCatch = Error(
        "DG0008",
        "Exception handling is not supported",
        "'{0}' is not supported in a [Differentiable] method; move the exception handling to the caller");

    public static readonly DiagnosticDescriptor LambdaOrLocalFunction = Error(
        "DG0009",
        "Lambdas and local functions are not supported",
        "{0} cannot be differentiated; turn it into a static [Differentiable] method and call that");

    public static readonly DiagnosticDescriptor Goto = Error(
        "DG0010",
        "goto is not supported",
        "'goto' and labels are not supported in a [Differentiable] method; use if/else instead");

    public static readonly DiagnosticDescriptor UnsupportedLoop = Error(
        "DG0011",
        "Unsupported loop",
        "This '{0}' loop is not supported in a [Differentiable] method; {1}");

    public static readonly DiagnosticDescriptor UnsupportedArray = Error(
        "DG0012",
        "Unsupported array use",
        "{0} is not supported in a [Differentiable] method; {1}");

    public static readonly DiagnosticDescriptor UnsupportedConstruct = Error(
        "DG0013",
        "Unsupported construct",
        "{0} is not supported in a [Differentiable] method; {1}");

    public static readonly DiagnosticDescriptor WriteToNonLocal = Error(
        "DG0014",
        "Writes to fields, properties and other non-locals are not supported",
        "'{0}' writes to '{1}', which is not a local or a parameter; return the value instead, differentiable code must not have side effects");

    public static readonly DiagnosticDescriptor GenericMethod = Error(
        "DG0015",
        "Generic method that is not generic math over one floating-point type",
        "'{0}' is generic, but {1}; a [Differentiable] generic method takes one type parameter as its value type, constrained to floating-point number interfaces: write 'static T {0}<T>(T x) where T : IFloatingPointIeee754<T>' (or a narrower interface: INumber<T>, IRootFunctions<T>, IExponentialFunctions<T>, ...), or write it for double or float");

    public static readonly DiagnosticDescriptor NoDerivativeRule = Error(
        "DG0016",
        "Math function without a derivative rule",
        "'{0}' has no derivative rule in DiffGen; compute it from functions that do (Sin, Exp, Log, Pow, ...) or move the call out of '{1}'");

    public static readonly DiagnosticDescriptor GradientNameClash = Error(
        "DG0017",
        "Gradient parameter name clashes with a parameter",
        "The gradient of '{0}' would be named '{1}', which is already a parameter of '{2}'; rename one of them");

    public static readonly DiagnosticDescriptor MissingBody = Error(
        "DG0018",
        "Differentiable method has no body",
        "'{0}' has no body to differentiate; [Differentiable] needs the method's implementation");

    public static readonly DiagnosticDescriptor WriteToInput = Error(
        "DG0019",
        "Inputs are never written",
        "'{0}' writes to its parameter '{1}'; a [Differentiable] method must not change its inputs: compute into a local instead");

    public static readonly DiagnosticDescriptor ActiveIndex = Error(
        "DG0020",
        "An index computed from differentiable data",
        "The index '{0}' reads the differentiable array element '{1}'; an index must come from integers (or data marked [NoDerivative]): cast a passive value instead");

    public static readonly DiagnosticDescriptor TapeOpNotDifferentiable = Error(
        "DG0022",
        "A [TapeOp] method must be [Differentiable]",
        "'{0}' is marked [TapeOp] but not [Differentiable]; add [Differentiable] so DiffGen generates the pullback the op's backward calls");

    public static readonly DiagnosticDescriptor TapeOpSignature = Error(
        "DG0023",
        "The method cannot be lifted to an elementwise tensor op",
        "'{0}' cannot be lifted to an elementwise tensor op: {1}");

    public static readonly DiagnosticDescriptor TapeOpSpanSignature = Error(
        "DG0024",
        "The span method cannot be lifted to a row-wise tensor op",
        "'{0}' cannot be lifted to a row-wise tensor op: {1}");

    public static readonly DiagnosticDescriptor CalleeFailed = Error(
        "DG0025",
        "Calls a differentiable method that has no gradient",
        "'{0}' has no gradient because '{1}', which it calls, has none: fix the error reported on '{1}' first");

    public static readonly DiagnosticDescriptor ResultIgnoresInputs = new(
        "DG0026",
        "The gradient is zero everywhere",
        "The gradient of '{0}' with respect to {1} is zero everywhere: the result does not depend on them, or only through piecewise-constant code (Floor, Round, comparisons); this is usually a mistake: check the computation, or mark parameters that are constants [NoDerivative]",
        Category,
        DiagnosticSeverity.Warning,
        isEnabledByDefault: true);

    public static readonly DiagnosticDescriptor ReceiverCannotBeActive = Error(
        "DG0030",
        "The receiver cannot be differentiated",
        "'{0}' asks for its gradient with respect to 'this' (WithRespectToThis = true), but {1}");

    public static readonly DiagnosticDescriptor StructNotDifferentiable = Error(
        "DG0031",
        "The struct type cannot be differentiated",
        "{0} has type '{1}', which DiffGen cannot differentiate: {2}");

    public static readonly DiagnosticDescriptor ForwardModeUnsupported = Error(
        "DG0032",
        "The method cannot be differentiated in forward mode",
        "'{0}' asks for forward or second-order derivatives (Modes), but {1}; remove Modes or rewrite that part (Grad and Pullback are still generated)");

    public static readonly DiagnosticDescriptor InternalError = Error(
        "DG9999",
        "Internal generator error",
        "DiffGen failed to generate the gradient of '{0}': {1}. Please report this with the method's code; the other methods are unaffected.");

    private static readonly Dictionary<string, DiagnosticDescriptor> All = typeof(DiagnosticDescriptors)
        .GetFields()
        .Where(f => f.FieldType == typeof(DiagnosticDescriptor))
        .Select(f => (DiagnosticDescriptor)f.GetValue(null)!)
        .ToDictionary(d => d.Id);

    public static IEnumerable<DiagnosticDescriptor> Descriptors => All.Values;

    public static DiagnosticDescriptor ById(string id) => All[id];

    private static DiagnosticDescriptor Error(string id, string title, string message)
        => new(id, title, message, Category, DiagnosticSeverity.Error, isEnabledByDefault: true);
}
