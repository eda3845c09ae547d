using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// <c>System.Numerics.Vector2/3/4</c> taken apart into float arithmetic on their components, in the order .NET
/// evaluates them, so values stay bit for bit: <c>Dot</c> sums (x·x + y·y) + z·z (and, for Vector4, adds the
/// (z·z + w·w) pair), <c>Length</c> is the square root of that, <c>Normalize</c> divides by it, <c>Lerp</c> is
/// <c>FusedMultiplyAdd(a, 1 − t, b·t)</c> per component as on FMA hardware.
/// </summary>
internal sealed partial class BodyParser
{
    private object? BuiltInVectorCall(IOperation site, IMethodSymbol member, IOperation? instance, IOperation[] arguments)
    {
        var operands = new List<object>();
        if (!member.IsStatic)
        {
            if (instance is null || StructOperand(instance) is not { } self)
            {
                return null;
            }

            operands.Add(self);
        }

        foreach (var argument in arguments)
        {
            object? operand = argument.Type is { } argumentType && VectorRules.IsVector(argumentType)
                ? StructOperand(argument)
                : ParseValue(argument, TypeRef.Float);
            if (operand is null)
            {
                return null;
            }

            operands.Add(operand);
        }

        var resultType = member.MethodKind == MethodKind.Constructor ? member.ContainingType : member.ReturnType;
        var vector = operands.OfType<StructValue>().FirstOrDefault();
        switch (member.Name)
        {
            case "op_Addition" or "Add" when operands.Count == 2:
                return Componentwise(resultType, operands, (a, b) => Float(BinaryOp.Add, a, b));
            case "op_Subtraction" or "Subtract" when operands.Count == 2:
                return Componentwise(resultType, operands, (a, b) => Float(BinaryOp.Subtract, a, b));
            case "op_Multiply" or "Multiply" when operands.Count == 2:
                return Componentwise(resultType, operands, (a, b) => Float(BinaryOp.Multiply, a, b));
            case "op_Division" or "Divide" when operands.Count == 2:
                return Componentwise(resultType, operands, (a, b) => Float(BinaryOp.Divide, a, b));
            case "op_UnaryNegation" or "Negate" when vector is not null:
                return Map(resultType, vector, a => new UnaryExpr(TypeRef.Float, UnaryOp.Negate, a));
            case "op_UnaryPlus" when vector is not null:
                return vector;
            case "Dot" when operands.Count == 2 && operands[0] is StructValue a && operands[1] is StructValue b:
                return Dot(a.Leaves, b.Leaves);
            case "LengthSquared" when vector is not null:
                return Dot(vector.Leaves, vector.Leaves);
            case "Length" when vector is not null:
                return MathF("Sqrt", Dot(vector.Leaves, vector.Leaves));
            case "DistanceSquared" or "Distance" when operands.Count == 2 && operands[0] is StructValue a && operands[1] is StructValue b:
            {
                var difference = a.Leaves.Zip(b.Leaves, (x, y) => Float(BinaryOp.Subtract, x, y)).ToArray();
                var squared = Dot(difference, difference);
                return member.Name == "Distance" ? MathF("Sqrt", squared) : squared;
            }

            case "Normalize" when vector is not null:
            {
                var length = Hoisted(MathF("Sqrt", Dot(vector.Leaves, vector.Leaves)), "length");
                return Map(resultType, vector, x => Float(BinaryOp.Divide, x, length));
            }

            case "Cross" when operands.Count == 2 && operands[0] is StructValue a && operands[1] is StructValue b:
            {
                ExprModel Term(int i, int j) => Float(BinaryOp.Subtract, Float(BinaryOp.Multiply, a.Leaves[i], b.Leaves[j]), Float(BinaryOp.Multiply, a.Leaves[j], b.Leaves[i]));
                return new StructValue(resultType, TypeClassifier.StructFieldsOf(resultType)!, new[] { Term(1, 2), Term(2, 0), Term(0, 1) });
            }

            case "Lerp" when operands.Count == 3 && operands[0] is StructValue a && operands[1] is StructValue b:
            {
                var t = operands[2];
                return new StructValue(resultType, TypeClassifier.StructFieldsOf(resultType)!, a.Leaves.Select((x, i) =>
                {
                    var ti = Component(t, i);
                    var oneMinusT = Float(BinaryOp.Subtract, new LiteralExpr(TypeRef.Float, "1f", 1), ti);
                    return (ExprModel)new MathCallExpr(TypeRef.Float, "FusedMultiplyAdd", "global::System.MathF.FusedMultiplyAdd", new[] { x, oneMinusT, Float(BinaryOp.Multiply, b.Leaves[i], ti) }.ToEquatableArray());
                }).ToArray());
            }

            case "Min" or "Max" when operands.Count == 2:
                return Componentwise(resultType, operands, (a, b) => new MathCallExpr(TypeRef.Float, member.Name, "global::System.MathF." + member.Name, new[] { a, b }.ToEquatableArray()));
            case "Abs" or "SquareRoot" when vector is not null:
                return Map(resultType, vector, x => MathF(member.Name == "Abs" ? "Abs" : "Sqrt", x));
            default:
                Unsupported(site, "'" + Origin(site.Syntax) + "'", "use the vector's operators, Dot, Cross, Length, LengthSquared, Distance, Normalize, Lerp, Min, Max, Abs or SquareRoot, or its components");
                return null;
        }
    }

    private static ExprModel Float(BinaryOp op, ExprModel a, ExprModel b) => new BinaryExpr(TypeRef.Float, op, a, b);

    private static ExprModel MathF(string function, ExprModel argument)
        => new MathCallExpr(TypeRef.Float, function, "global::System.MathF." + function, new[] { argument }.ToEquatableArray());

    /// <summary>A vector's i-th component, or a scalar operand broadcast to every component.</summary>
    private static ExprModel Component(object operand, int i) => operand is StructValue v ? v.Leaves[i] : (ExprModel)operand;

    private static StructValue Componentwise(ITypeSymbol type, List<object> operands, System.Func<ExprModel, ExprModel, ExprModel> combine)
    {
        var fields = TypeClassifier.StructFieldsOf(type)!;
        return new StructValue(type, fields, fields.Select((_, i) => combine(Component(operands[0], i), Component(operands[1], i))).ToArray());
    }

    private static StructValue Map(ITypeSymbol type, StructValue vector, System.Func<ExprModel, ExprModel> map)
        => new(type, TypeClassifier.StructFieldsOf(type)!, vector.Leaves.Select(map).ToArray());

    /// <summary>Σ aᵢ·bᵢ in .NET's order: (x + y) + z for two and three components, (x + y) + (z + w) for four.</summary>
    private static ExprModel Dot(ExprModel[] a, ExprModel[] b)
    {
        var products = a.Zip(b, (x, y) => Float(BinaryOp.Multiply, x, y)).ToArray();
        var sum = Float(BinaryOp.Add, products[0], products[1]);
        return products.Length switch
        {
            3 => Float(BinaryOp.Add, sum, products[2]),
            4 => Float(BinaryOp.Add, sum, Float(BinaryOp.Add, products[2], products[3])),
            _ => sum,
        };
    }
}
