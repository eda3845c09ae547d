using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// A call to a [Differentiable] method with a struct value that is not one of our own struct parameters
/// (<c>Energy(new Particle(x, v))</c>, <c>Step(state, dt)</c> with a struct local, <c>spring.Energy(l)</c> on an
/// active receiver): it is made through the callee's <c>ByFields</c> shim (see <see cref="FieldShim"/>), passing each
/// field's value, so the call's derivative is that of an ordinary call with scalar arguments.
/// </summary>
internal sealed partial class BodyParser
{
    private bool NeedsFieldShim(IInvocationOperation invocation)
    {
        var target = invocation.TargetMethod;
        if (!TypeClassifier.IsDifferentiable(target))
        {
            return false;
        }

        if (TypeClassifier.WithRespectToThis(target) && invocation.Instance is { } instance && TryParseStructQuietly(instance))
        {
            return true;
        }

        return invocation.Arguments.Any(a => a.Parameter is { } p && TypeClassifier.IsActive(p) && TypeClassifier.StructFieldsOf(p.Type) is not null
            && ActiveStruct(Unwrapped(a.Value) is IParenthesizedOperation parenthesized ? parenthesized.Operand : Unwrapped(a.Value)) is null);
    }

    private ExprModel? ParseFieldShimCall(IInvocationOperation invocation, TypeRef type)
    {
        var target = invocation.TargetMethod;
        var location = (invocation.Syntax as InvocationExpressionSyntax)?.Expression.GetLocation() ?? invocation.Syntax.GetLocation();
        var activeReceiver = TypeClassifier.WithRespectToThis(target);
        string? why = target.ReturnsVoid || !type.IsFloating ? "it returns no double or float"
            : target.Parameters.Any(p => p.RefKind is RefKind.Out or RefKind.Ref) ? "it has out or ref parameters"
            : Parsing.ArrayOutputs.WrittenParameters(target, semanticModel.Compilation).Count > 0 ? "it writes arrays"
            : target.IsGenericMethod ? "it is generic"
            : !target.IsStatic && !activeReceiver && (invocation.Instance is null || Receiver(invocation.Instance) is null) ? "it is an instance method of an object DiffGen cannot name here"
            : null;
        if (why is not null)
        {
            Unsupported(invocation, "Passing a struct built here to '" + target.Name + "', which " + why + ",", "pass it a struct parameter of this method, or pass the fields as double parameters");
            return null;
        }

        if (ShimArguments(invocation, activeReceiver) is not var (arguments, active))
        {
            return null;
        }

        var calleeId = target.OriginalDefinition.GetDocumentationCommentId() ?? target.ToDisplayString();
        Calls.Add(new CallSite(calleeId, target.Name, LocationInfo.From(location)));
        // A passive receiver (this, a field, a [NoDerivative] parameter) is spelled as the caller spells it.
        var shim = (!target.IsStatic && !activeReceiver ? Receiver(invocation.Instance!) : target.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat)) + "." + target.Name + FieldShim.Suffix;
        return new DifferentiableCallExpr(type, shim, arguments.ToEquatableArray(), active.ToEquatableArray())
        {
            OutKinds = arguments.Select(_ => 0).ToEquatableArray(),
        };
    }

    /// <summary>
    /// The arguments of a call through a ByFields shim, in the shim's parameter order: the active receiver's fields
    /// (when <paramref name="activeReceiver"/>), then each struct argument's fields and each other argument, with
    /// whether the shim's parameter is active. Null when an argument failed or a field's name clashes (reported).
    /// </summary>
    private (List<ExprModel> Arguments, List<bool> Active)? ShimArguments(IInvocationOperation invocation, bool activeReceiver)
    {
        var target = invocation.TargetMethod;
        var arguments = new List<ExprModel>();
        var active = new List<bool>();
        var names = new HashSet<string>(target.Parameters.Select(p => p.Name));
        var ok = true;

        void AddFields(string name, StructValue? value)
        {
            if (value is null)
            {
                ok = false;
                return;
            }

            for (var j = 0; j < value.Fields.Count; j++)
            {
                arguments.Add(ConvertTo(value.Leaves[j], value.Fields[j].Type));
                active.Add(!value.Fields[j].Passive);
                ok &= names.Add(FieldShim.LeafName(name, value.Fields[j].Member)) || !Clash(invocation, target, name, value.Fields[j].Member);
            }
        }

        if (activeReceiver)
        {
            AddFields("this", invocation.Instance is null ? null : StructOperand(invocation.Instance));
        }

        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.Parameter is not { } parameter)
            {
                ok = false;
                continue;
            }

            if (TypeClassifier.IsActive(parameter) && TypeClassifier.StructFieldsOf(parameter.Type) is not null)
            {
                AddFields(parameter.Name, StructOperand(argument.Value));
                continue;
            }

            var value = ParseValue(argument.Value, TypeClassifier.ParameterTypeRef(parameter.Type));
            ok &= value is not null;
            if (value is not null)
            {
                arguments.Add(value);
                active.Add(TypeClassifier.IsActive(parameter));
            }
        }

        return ok ? (arguments, active) : null;
    }

    /// <summary>A shim parameter name that another parameter already has: reported (the shim cannot be written).</summary>
    private bool Clash(IInvocationOperation invocation, IMethodSymbol target, string parameter, string member)
    {
        Unsupported(invocation, "Passing a struct built here to '" + target.Name + "'", "rename its parameter '" + FieldShim.LeafName(parameter, member) + "', whose name DiffGen needs for the field " + member + " of '" + parameter + "'");
        return true;
    }

    /// <summary>A call to a [Differentiable] method that returns a struct, made through its shim (<see cref="FieldShim"/>).</summary>
    private static bool ReturnsDifferentiableStruct(IOperation operation, out IInvocationOperation? call)
    {
        while (operation is IConversionOperation { Conversion.IsIdentity: true } or IParenthesizedOperation)
        {
            operation = operation is IConversionOperation conversion ? conversion.Operand : ((IParenthesizedOperation)operation).Operand;
        }

        call = operation as IInvocationOperation;
        return call is { TargetMethod: var target } && TypeClassifier.IsDifferentiable(target) && MethodParser.StructResultOf(target) is not null;
    }

    /// <summary>
    /// <c>var r = Step(p, dt);</c> or <c>r = Step(r, dt);</c>: the callee's ByFields shim called as a statement, its
    /// results written into <paramref name="ids"/> (the struct local's fields), each differentiated through its seed.
    /// </summary>
    private void ParseStructResultCall(IInvocationOperation invocation, string[] ids, IReadOnlyList<StructField> fields, string origin, List<StmtModel> output)
    {
        var target = invocation.TargetMethod;
        if (!target.IsStatic)
        {
            Unsupported(invocation, "Calling the instance method '" + target.Name + "', which returns a struct,", "make it static, taking the receiver as a parameter");
            return;
        }

        if (ShimArguments(invocation, activeReceiver: false) is not var (arguments, active))
        {
            return;
        }

        var outKinds = arguments.Select(_ => 0).ToList();
        for (var i = 0; i < ids.Length; i++)
        {
            arguments.Add(new VariableExpr(fields[i].Type, ids[i]));
            active.Add(false);
            outKinds.Add(fields[i].Type.IsFloating && !fields[i].Passive ? 2 : 1);
        }

        var location = (invocation.Syntax as InvocationExpressionSyntax)?.Expression.GetLocation() ?? invocation.Syntax.GetLocation();
        var calleeId = target.OriginalDefinition.GetDocumentationCommentId() ?? target.ToDisplayString();
        Calls.Add(new CallSite(calleeId, target.Name, LocationInfo.From(location)));
        var shim = target.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat) + "." + target.Name + FieldShim.Suffix;
        var call = new DifferentiableCallExpr(TypeRef.Double, shim, arguments.ToEquatableArray(), active.ToEquatableArray())
        {
            OutKinds = outKinds.ToEquatableArray(),
            ReturnsVoid = true,
        };
        output.Add(new DeclareStmt(origin, DeclareSynthetic("_void", TypeRef.Double), TypeRef.Double, call));
    }
}
