using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Generic math (<c>static T F&lt;T&gt;(T x) where T : IFloatingPointIeee754&lt;T&gt;</c>): the operators of the
/// generic math interfaces are the built-in arithmetic, <c>T.Exp</c>, <c>T.Sqrt</c>, ... are the same rules as
/// <c>Math.Exp</c>, <c>Math.Sqrt</c> (see <see cref="MathRules"/>), <c>T.One</c>/<c>T.Zero</c> and
/// <c>T.CreateChecked(2)</c> are constants, spelled as written.
/// </summary>
internal sealed partial class BodyParser
{
    private static readonly HashSet<string> Creations = new() { "CreateChecked", "CreateTruncating", "CreateSaturating" };

    /// <summary>True when <paramref name="operation"/> is a generic math operation on a floating type parameter; its model (null when reported).</summary>
    private bool TryParseGenericMath(IOperation operation, TypeRef type, out ExprModel? result)
    {
        result = null;
        switch (operation)
        {
            case IBinaryOperation { OperatorMethod: { } op } binary when GenericMathTypes.ReceiverOf(op) is not null:
            {
                var left = ParseExpression(binary.LeftOperand);
                var right = ParseExpression(binary.RightOperand);
                if (left is not null && right is not null && binary.OperatorKind == BinaryOperatorKind.Remainder && right.Type.IsFloating
                    && right is not LiteralExpr && !GenericMathTypes.HasStaticMember(GenericMathTypes.ReceiverOf(op)!, "Truncate"))
                {
                    // a % b = a − b·trunc(a/b): its derivative in b takes T.Truncate.
                    var owner = GenericMathTypes.ReceiverOf(op)!.Name;
                    Report(DiagnosticDescriptors.GenericMethod, binary.Syntax.GetLocation(), method.Name, "the derivative of '%' takes " + owner + ".Truncate, which its constraints do not provide (add IFloatingPoint<" + owner + ">)");
                    return true;
                }

                if (left is not null && right is not null)
                {
                    result = ToBinaryOp(binary.OperatorKind) is { } binaryOp && binaryOp is not (BinaryOp.LeftShift or BinaryOp.RightShift)
                        ? new BinaryExpr(type, binaryOp, left, right)
                        : UnsupportedValue(binary, type);
                }

                return true;
            }

            case IUnaryOperation { OperatorMethod: { } op } unary when GenericMathTypes.ReceiverOf(op) is not null:
            {
                if (ParseExpression(unary.Operand) is { } operand)
                {
                    result = unary.OperatorKind switch
                    {
                        UnaryOperatorKind.Minus => new UnaryExpr(type, UnaryOp.Negate, operand),
                        UnaryOperatorKind.Plus => operand,
                        _ => UnsupportedValue(unary, type),
                    };
                }

                return true;
            }

            case IPropertyReferenceOperation { Property: { Parameters.Length: 0 } property } when GenericMathTypes.ReceiverOf(property) is { } owner:
                // T.One, T.Zero (constants the derivative code can fold), T.Pi, T.Epsilon, ...: passive values.
                result = property.Name switch
                {
                    "One" => new LiteralExpr(type, owner.Name + ".One", 1),
                    "Zero" => new LiteralExpr(type, owner.Name + ".Zero", 0),
                    _ => new OpaqueExpr(type, owner.Name + "." + property.Name),
                };
                return true;
            case IInvocationOperation invocation when GenericMathTypes.ReceiverOf(invocation.TargetMethod) is { } owner:
                result = ParseGenericMathCall(invocation, owner, type);
                return true;
            default:
                return false;
        }
    }

    /// <summary><c>T.Exp(x)</c> and the like (a rule of <see cref="MathRules"/>), or <c>T.CreateChecked(2)</c> (a constant or a passive value).</summary>
    private ExprModel? ParseGenericMathCall(IInvocationOperation invocation, ITypeParameterSymbol owner, TypeRef type)
    {
        var target = invocation.TargetMethod;
        var location = (invocation.Syntax as InvocationExpressionSyntax)?.Expression.GetLocation() ?? invocation.Syntax.GetLocation();
        var arguments = new List<ExprModel>();
        foreach (var argument in invocation.Arguments.OrderBy(a => a.Parameter?.Ordinal ?? int.MaxValue))
        {
            if (argument.ArgumentKind == ArgumentKind.ParamArray || argument.Parameter?.RefKind is not (null or RefKind.None or RefKind.In))
            {
                Unsupported(argument, "A ref, out or params argument", "pass plain values");
                return null;
            }

            var value = argument.Parameter is null ? ParseExpression(argument.Value) : ParseValue(argument.Value, TypeClassifier.ToTypeRef(argument.Parameter.Type));
            if (value is null)
            {
                return null;
            }

            arguments.Add(value);
        }

        var name = owner.Name + "." + target.Name;
        if (Creations.Contains(target.Name) && arguments.Count == 1)
        {
            switch (arguments[0])
            {
                case LiteralExpr literal:
                    // T.CreateChecked(2): a constant, converted exactly as the primal converts it.
                    return new LiteralExpr(type, name + "(" + literal.Text + ")", literal.Value);
                case { Type.IsFloating: false } passive:
                    return new PassiveCallExpr(type, name, arguments.ToEquatableArray());
                case { } same when same.Type == type:
                    return same; // T.CreateChecked(x) of a T is x
                default:
                    Unsupported(invocation, "'" + Origin(invocation.Syntax) + "'", "convert only constants and integers to '" + owner.Name + "' in differentiable code; write the computation in '" + owner.Name + "' throughout");
                    return null;
            }
        }

        if (!type.IsFloating)
        {
            // T.IsNaN(x), T.Sign(x): no derivative flows through a value that is not floating point.
            return new PassiveCallExpr(type, name, arguments.ToEquatableArray());
        }

        var rule = MathRules.Find(target.Name, arguments.Count);
        if (rule is null || !rule.IsPiecewiseConstant && target.Parameters.Any(p => !rule.IntegerArguments.Contains(p.Ordinal) && TypeClassifier.ToTypeRef(p.Type) != type))
        {
            Report(DiagnosticDescriptors.NoDerivativeRule, location, owner.Name + "." + TypeClassifier.Display(target), method.Name);
            return null;
        }

        var constant = arguments.Select(a => a is LiteralExpr || !a.Type.IsFloating).ToList();
        if (GenericMathTypes.MissingForDerivative(owner, rule, constant) is { } missing)
        {
            Report(DiagnosticDescriptors.GenericMethod, location, method.Name, "the derivative of " + name + " takes " + missing);
            return null;
        }

        return new MathCallExpr(type, target.Name, GenericMath.Function(type, target.Name), arguments.ToEquatableArray());
    }
}
