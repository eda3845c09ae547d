using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Local arrays of structs (<c>var ps = new Particle[n];</c>, <c>stackalloc Vector3[n]</c>): one local array of their
/// fields, element i's field j at i·fields + j, as spans of structs are read. Elements are read and written whole
/// (<c>ps[i] = p</c>) or by field (<c>ps[i].X += v</c>).
/// </summary>
internal sealed partial class BodyParser
{
    private sealed class StructArray
    {
        public StructArray(string flatId, IReadOnlyList<StructField> fields)
        {
            FlatId = flatId;
            Fields = fields;
        }

        public string FlatId { get; }

        public IReadOnlyList<StructField> Fields { get; }

        public LiteralExpr Width => new(TypeRef.Int, Fields.Count.ToString(CultureInfo.InvariantCulture), Fields.Count);

        /// <summary>The number of structs: the flat array's length over the number of fields.</summary>
        public ExprModel Count => new BinaryExpr(TypeRef.Int, BinaryOp.Divide, new LengthExpr(TypeRef.Int, FlatId), Width);

        public ExprModel Cell(ExprModel index, int field) => FieldCell(index, Fields.Count, field);
    }

    private readonly Dictionary<ILocalSymbol, StructArray> structArrays = new(SymbolEqualityComparer.Default);

    /// <summary>A local array of structs: declared as the flat local array of their fields. False for any other local.</summary>
    private bool ParseLocalStructArray(IVariableDeclaratorOperation declarator, ILocalSymbol local, string origin, List<StmtModel> output)
    {
        if (TypeClassifier.StructSpanOf(local.Type) is not { } structs || local.IsRef)
        {
            return false;
        }

        var initializer = declarator.GetVariableInitializer()?.Value;
        if (initializer is IConversionOperation { IsImplicit: true } conversion)
        {
            initializer = conversion.Operand;
        }

        var (size, elements) = NewArrayShape(initializer);

        if (size is null || nesting > 0)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, declarator.Syntax.GetLocation(), "'" + Origin(declarator.Syntax) + "'",
                "declare a local array of structs at the top of the method as new T[n] or stackalloc T[n]");
            return true;
        }

        if (ParseValue(size, TypeRef.Int) is not { } count)
        {
            return true;
        }

        var flatType = TypeRef.SpanOf(structs.Element);
        var flatId = DeclareSynthetic(local.Name + "_fields", flatType);
        var array = new StructArray(flatId, structs.Fields);
        structArrays[local] = array;
        localArrayIds.Add(flatId);
        fixedIds.Add(flatId);
        var length = new BinaryExpr(TypeRef.Int, BinaryOp.Multiply, count, array.Width);
        output.Add(new DeclareArrayStmt(origin, flatId, flatType, length));
        localArrayLengths[flatId] = length;

        var index = 0;
        foreach (var element in elements)
        {
            if (StructOperand(element) is { } value)
            {
                var at = new LiteralExpr(TypeRef.Int, index.ToString(CultureInfo.InvariantCulture), index);
                for (var j = 0; j < value.Fields.Count; j++)
                {
                    output.Add(new StoreStmt(origin, flatId, array.Cell(at, j), ConvertTo(value.Leaves[j], value.Fields[j].Type)));
                }
            }

            index++;
        }

        return true;
    }

    /// <summary><c>ps[i]</c> (or <c>ps[^k]</c>) of a local array of structs: the array and the index; null for anything else.</summary>
    private (StructArray Array, IOperation Index)? StructArrayElement(IOperation operation)
        => operation switch
        {
            IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var local }, Indices.Length: 1 } element
                when structArrays.TryGetValue(local, out var array) => (array, element.Indices[0]),
            IPropertyReferenceOperation { Property.IsIndexer: true, Instance: ILocalReferenceOperation { Local: var local }, Arguments.Length: 1 } indexer
                when structArrays.TryGetValue(local, out var array) => (array, indexer.Arguments[0].Value),
            IImplicitIndexerReferenceOperation { Instance: ILocalReferenceOperation { Local: var local }, Argument: var fromEnd }
                when structArrays.TryGetValue(local, out var array) => (array, fromEnd),
            _ => null,
        };

    /// <summary>The value of element <paramref name="indexOperation"/> of a local array of structs; null when reported.</summary>
    private StructValue? StructArrayValue(StructArray array, IOperation indexOperation, ITypeSymbol type)
        => ParseCheckedIndex(indexOperation, array.Count) is { } index
            ? FlatElement(type, array.Fields, array.FlatId, index)
            : null;

    /// <summary>
    /// <c>ps[i] = p;</c>, <c>ps[i].X = v;</c>, <c>ps[i].X += v;</c>, <c>ps[i].X++;</c> on a local array of structs: stores
    /// into its fields. False for any other statement.
    /// </summary>
    private bool ParseStructArrayStore(IOperation operation, string origin, List<StmtModel> output)
    {
        var target = operation switch
        {
            IAssignmentOperation assignment => assignment.Target,
            IIncrementOrDecrementOperation increment => increment.Target,
            _ => null,
        };
        if (target is null)
        {
            return false;
        }

        if (StructArrayElement(target) is var (wholeArray, wholeIndex))
        {
            if (operation is not ISimpleAssignmentOperation { Value: var assigned })
            {
                Unsupported(operation, "'" + Origin(operation.Syntax) + "'", "assign the element a struct, or update its fields");
                return true;
            }

            if (ParseCheckedIndex(wholeIndex, wholeArray.Count) is not { } index || StructOperand(assigned) is not { } value)
            {
                return true;
            }

            // The new fields are computed from the old ones first when they read the array (ps[i] = new P(ps[i].V, ps[i].X)).
            var sources = value.Leaves;
            if (value.Leaves.Any(l => ExprReads.Any(l, new[] { wholeArray.FlatId })))
            {
                sources = value.Leaves.Select((l, j) =>
                {
                    var temporary = DeclareSynthetic(wholeArray.FlatId + "_new", value.Fields[j].Type);
                    output.Add(new DeclareStmt(origin, temporary, value.Fields[j].Type, l));
                    return (ExprModel)new VariableExpr(value.Fields[j].Type, temporary);
                }).ToArray();
            }

            for (var j = 0; j < sources.Length; j++)
            {
                output.Add(new StoreStmt(origin, wholeArray.FlatId, wholeArray.Cell(index, j), ConvertTo(sources[j], value.Fields[j].Type)));
            }

            return true;
        }

        if (target is IMemberReferenceOperation { Instance: { } instance } member && StructArrayElement(instance) is var (array, elementIndex))
        {
            var name = MemberName(member);
            var field = array.Fields.Select((f, j) => (f, j)).FirstOrDefault(x => x.f.Member == name);
            if (field.f is null)
            {
                Unsupported(operation, "'" + Origin(operation.Syntax) + "'", "write the element's fields one by one");
                return true;
            }

            if (ParseCheckedIndex(elementIndex, array.Count) is { } index)
            {
                Store(operation, array.FlatId, array.Cell(index, field.j), field.f.Type, origin, output);
            }

            return true;
        }

        return false;
    }
}
