using System.Collections.Generic;
using System.Globalization;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Array parameters the body writes (see <see cref="ArrayOutputs"/>): each is worked on as a local array that starts
/// as a copy of the parameter. Every read, write, slice and bulk call on the parameter goes to that local, through a
/// view covering all of it, so the local-array machinery (saved overwrites, adjoint buffers) differentiates it; the
/// generated code copies the local back into the parameter at the end of the forward sweep.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Output parameters by name: the view of the local array that stands for each.</summary>
    private readonly Dictionary<string, View> outputViews = new();

    public List<ArrayOutput> ArrayOutputs { get; } = new();

    /// <summary>Declares the local array of each written parameter, filled with the parameter's elements on entry.</summary>
    public void DeclareArrayOutputs(IEnumerable<IParameterSymbol> parameters, List<StmtModel> output)
    {
        foreach (var parameter in parameters)
        {
            var type = TypeClassifier.ToTypeRef(parameter.Type);
            var element = type.Element!;
            var origin = parameter.Type.ToDisplayString() + " " + parameter.Name + " (written: worked on as a copy)";
            var local = DeclareSynthetic(parameter.Name + "_out", TypeRef.SpanOf(element));

            ExprModel length = new LengthExpr(TypeRef.Int, parameter.Name);
            var lengthId = DeclareSynthetic(parameter.Name + "_length", TypeRef.Int);
            var startId = DeclareSynthetic(parameter.Name + "_start", TypeRef.Int);
            output.Add(new DeclareStmt(origin, lengthId, TypeRef.Int, length));
            output.Add(new DeclareStmt(origin, startId, TypeRef.Int, new LiteralExpr(TypeRef.Int, "0", 0)));
            var count = new VariableExpr(TypeRef.Int, lengthId);
            output.Add(new DeclareArrayStmt(origin, local, TypeRef.SpanOf(element), count));
            localArrayIds.Add(local);
            var zero = new LiteralExpr(TypeRef.Int, "0", 0);
            EmitCopyLoop((local, zero, count), (parameter.Name, zero, count), element, count, origin, output);

            outputViews[parameter.Name] = new View(local, startId, lengthId, OfArray: false);
            fixedIds.UnionWith(new[] { local, startId, lengthId });
            ArrayOutputs.Add(new ArrayOutput(parameter.Name, local, element));
        }
    }

    /// <summary>The view standing for an output parameter, if the operation names one.</summary>
    private View? OutputView(IOperation operation)
        => operation is Microsoft.CodeAnalysis.Operations.IParameterReferenceOperation { Parameter.Name: var name } && outputViews.TryGetValue(name, out var view) ? view : null;
}
