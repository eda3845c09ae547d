using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Multidimensional arrays (<c>double[,]</c>), differentiated as their elements in row-major order, which is how .NET
/// stores them: <c>a[i, j]</c> is element <c>i · a.GetLength(1) + j</c> of a flat span over the same memory. A
/// parameter gets that span (and its gradient's) declared at the top of the generated methods (see
/// <see cref="FlatArray"/>); a local matrix is a local array of rows × columns elements with its dimensions in locals.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>The flat spans of the multidimensional parameters the body reads, by parameter name.</summary>
    private readonly Dictionary<string, FlatArray> parameterFlats = new();

    /// <summary>Local matrices: the id of their flat local array and of the locals holding each dimension.</summary>
    private readonly Dictionary<ILocalSymbol, (string Id, string[] Dimensions)> localMatrices = new(SymbolEqualityComparer.Default);

    /// <summary>Local matrices whose declaration was reported: their uses add no further errors.</summary>
    private readonly HashSet<ILocalSymbol> reportedMatrices = new(SymbolEqualityComparer.Default);

    private bool IsReportedMatrix(IOperation operation)
        => operation is IArrayElementReferenceOperation { ArrayReference: ILocalReferenceOperation { Local: var local } } && reportedMatrices.Contains(local);

    public IEnumerable<FlatArray> FlatArrays => parameterFlats.Values.OrderBy(f => f.FlatId, System.StringComparer.Ordinal);

    private static bool IsMatrix(ITypeSymbol? type) => type is IArrayTypeSymbol { Rank: > 1 };

    /// <summary><c>a[i, j]</c> of a multidimensional parameter or local: its flat array and row-major index; null otherwise.</summary>
    private (string ArrayId, ExprModel Index)? MatrixElement(IArrayElementReferenceOperation element)
    {
        if (element.Indices.Length < 2)
        {
            return null;
        }

        var (arrayId, dimensions) = element.ArrayReference switch
        {
            IParameterReferenceOperation { Parameter: var parameter } when IsMatrix(parameter.Type)
                => (FlatOf(parameter), Enumerable.Range(0, element.Indices.Length).Select(k => (ExprModel)Dimension(parameter, k)).ToArray()),
            ILocalReferenceOperation { Local: var local } when localMatrices.TryGetValue(local, out var matrix)
                => (matrix.Id, matrix.Dimensions.Select(d => (ExprModel)new VariableExpr(TypeRef.Int, d)).ToArray()),
            _ => (null, null),
        };
        if (arrayId is null || dimensions is null)
        {
            return null;
        }

        ExprModel? index = null;
        for (var k = 0; k < element.Indices.Length; k++)
        {
            var position = ParseCheckedIndex(element.Indices[k], dimensions[k]);
            if (position is null)
            {
                return null;
            }

            index = index is null ? position : new BinaryExpr(TypeRef.Int, BinaryOp.Add, new BinaryExpr(TypeRef.Int, BinaryOp.Multiply, index, dimensions[k]), position);
        }

        return (arrayId, index!);
    }

    /// <summary><c>a.GetLength(k)</c> of a multidimensional parameter, read where it is used (the parameter may be null until its check).</summary>
    private static OpaqueExpr Dimension(IParameterSymbol parameter, int k)
        => new(TypeRef.Int, parameter.Name + ".GetLength(" + k.ToString(CultureInfo.InvariantCulture) + ")");

    /// <summary>The flat span of a multidimensional parameter, declared on first use.</summary>
    private string FlatOf(IParameterSymbol parameter)
    {
        if (!parameterFlats.TryGetValue(parameter.Name, out var flat))
        {
            var type = TypeClassifier.ToTypeRef(parameter.Type);
            var flatId = DeclareSynthetic(parameter.Name + "_flat", TypeRef.SpanOf(type.Element!));
            var gradientId = TypeClassifier.IsActive(parameter) ? DeclareSynthetic("d" + parameter.Name + "_flat", TypeRef.SpanOf(type.Element!)) : null;
            flat = new FlatArray(parameter.Name, flatId, gradientId, type.Element!);
            parameterFlats[parameter.Name] = flat;
        }

        return flat.FlatId;
    }

    /// <summary><c>a.GetLength(k)</c>, <c>a.GetUpperBound(k)</c> (constant k) and <c>a.Rank</c> of a matrix; null when the operation is none of them.</summary>
    private ExprModel? MatrixMeasure(IOperation operation)
    {
        switch (operation)
        {
            case IInvocationOperation { TargetMethod.Name: "GetLength" or "GetUpperBound" or "GetLowerBound", Instance: { } instance, Arguments.Length: 1 } call
                when IsMatrix(instance.Type) && call.Arguments[0].Value.ConstantValue is { HasValue: true, Value: int k }:
            {
                ExprModel? length = instance switch
                {
                    IParameterReferenceOperation { Parameter: var parameter } => Dimension(parameter, k),
                    ILocalReferenceOperation { Local: var local } when localMatrices.TryGetValue(local, out var matrix) && k < matrix.Dimensions.Length
                        => new VariableExpr(TypeRef.Int, matrix.Dimensions[k]),
                    _ => null,
                };
                return call.TargetMethod.Name switch
                {
                    "GetLowerBound" when length is not null => new LiteralExpr(TypeRef.Int, "0", 0),
                    "GetUpperBound" when length is not null => new BinaryExpr(TypeRef.Int, BinaryOp.Subtract, length, new LiteralExpr(TypeRef.Int, "1", 1)),
                    _ => length,
                };
            }

            case IPropertyReferenceOperation { Property.Name: "Rank", Instance.Type: IArrayTypeSymbol { Rank: > 1 } matrixType }:
                return new LiteralExpr(TypeRef.Int, matrixType.Rank.ToString(CultureInfo.InvariantCulture), matrixType.Rank);
            case IPropertyReferenceOperation { Property.Name: "Length", Instance: ILocalReferenceOperation { Local: var local } } when localMatrices.TryGetValue(local, out var matrix):
                return new LengthExpr(TypeRef.Int, matrix.Id);
            default:
                return null;
        }
    }

    /// <summary>
    /// <c>var m = new double[n, k];</c> (or with an initializer): a local array of n·k elements, its dimensions held in
    /// passive locals declared here.
    /// </summary>
    private void ParseLocalMatrix(IVariableDeclaratorOperation declarator, ILocalSymbol local, TypeRef type, string origin, List<StmtModel> output)
    {
        var initializer = declarator.GetVariableInitializer()?.Value;
        while (initializer is IConversionOperation { IsImplicit: true } conversion)
        {
            initializer = conversion.Operand;
        }

        var cloned = initializer is IConversionOperation { Operand: IInvocationOperation { TargetMethod.Name: "Clone", Arguments.Length: 0, Instance: { } instance } }
            ? ClonedMatrix(instance, ((IArrayTypeSymbol)local.Type).Rank)
            : null;
        var creation = initializer as IArrayCreationOperation;
        if (cloned is null && (creation is null || creation.DimensionSizes.Length != ((IArrayTypeSymbol)local.Type).Rank))
        {
            Report(DiagnosticDescriptors.UnsupportedArray, declarator.Syntax.GetLocation(), "'" + Origin(declarator.Syntax) + "'", "create local matrices with new T[rows, columns] or as a copy ((T[,])m.Clone() of a matrix parameter or local)");
            reportedMatrices.Add(local);
            return;
        }

        if (nesting > 0)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, declarator.Syntax.GetLocation(), "A local matrix declared inside a loop or branch", "declare it at the top of the method and reuse it");
            reportedMatrices.Add(local);
            return;
        }

        var sizes = cloned is { } copy ? copy.Dimensions.Select(d => (ExprModel?)d).ToList() : creation!.DimensionSizes.Select(d => ParseValue(d, TypeRef.Int)).ToList();
        if (sizes.Any(s => s is null))
        {
            reportedMatrices.Add(local);
            return;
        }

        var dimensions = new string[sizes.Count];
        ExprModel? count = null;
        for (var k = 0; k < sizes.Count; k++)
        {
            dimensions[k] = DeclareSynthetic(local.Name + "_length" + k.ToString(CultureInfo.InvariantCulture), TypeRef.Int);
            output.Add(new DeclareStmt(origin, dimensions[k], TypeRef.Int, sizes[k]));
            var dimension = new VariableExpr(TypeRef.Int, dimensions[k]);
            count = count is null ? dimension : new BinaryExpr(TypeRef.Int, BinaryOp.Multiply, count, dimension);
        }

        var flatType = new TypeRef(ValueKind.Array, type.Element!.Name + "[]", type.Element);
        var id = DeclareLocal(local, flatType);
        localArrayIds.Add(id);
        localMatrices[local] = (id, dimensions);
        output.Add(new DeclareArrayStmt(origin, id, flatType, count!));
        if (cloned is { } source)
        {
            // (double[,])m.Clone(): the same elements, in the same row-major order.
            var zero = new LiteralExpr(TypeRef.Int, "0", 0);
            EmitCopyLoop((id, zero, count!), (source.FlatId, zero, count!), type.Element, count!, origin, output);
            return;
        }

        // new double[,] { { 1, 2 }, { 3, 4 } }: the elements in row-major order.
        var index = 0;
        foreach (var value in Flatten(creation!.Initializer))
        {
            if (ParseValue(value, type.Element) is { } parsed)
            {
                output.Add(new StoreStmt(origin, id, new LiteralExpr(TypeRef.Int, index.ToString(CultureInfo.InvariantCulture), index), parsed));
            }

            index++;
        }
    }

    /// <summary>The flat array and dimensions of a matrix parameter or local being cloned; null for anything else.</summary>
    private (string FlatId, ExprModel[] Dimensions)? ClonedMatrix(IOperation instance, int rank)
        => instance switch
        {
            IParameterReferenceOperation { Parameter: var parameter } when parameter.Type is IArrayTypeSymbol { Rank: var r } && r == rank
                => (FlatOf(parameter), Enumerable.Range(0, rank).Select(k => (ExprModel)Dimension(parameter, k)).ToArray()),
            ILocalReferenceOperation { Local: var other } when localMatrices.TryGetValue(other, out var matrix) && matrix.Dimensions.Length == rank
                => (matrix.Id, matrix.Dimensions.Select(d => (ExprModel)new VariableExpr(TypeRef.Int, d)).ToArray()),
            _ => null,
        };

    private static IEnumerable<IOperation> Flatten(IArrayInitializerOperation? initializer)
        => initializer is null
            ? Enumerable.Empty<IOperation>()
            : initializer.ElementValues.SelectMany(e => e is IArrayInitializerOperation nested ? Flatten(nested) : new[] { e });
}
