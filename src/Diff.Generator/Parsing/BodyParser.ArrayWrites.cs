using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Diagnostics;
using DiffGen.Generator.Model;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace DiffGen.Generator.Parsing;

/// <summary>
/// Calls to <c>[Differentiable]</c> methods that write into an array argument (<c>Derivs(t, y, k1)</c> with a local
/// array <c>k1</c>, or a view or slice of one). The call works on a scratch local array of the same length, which
/// holds the destination's elements when the call is made; after the statement, the scratch is copied back into the
/// destination element by element, so the local-array machinery saves and restores what the call overwrote. The
/// callee's pullback takes the scratch's adjoints as its seed and adds the entry elements' adjoints into the
/// destination's gradient.
/// </summary>
internal sealed partial class BodyParser
{
    /// <summary>Statements that follow the statement being parsed (the copies back of arrays a call in it wrote).</summary>
    private List<StmtModel>? afterStatement;

    /// <summary>The scratch and destination of an array argument the callee writes; null when it cannot be one (reported).</summary>
    private ArrayWrite? ArrayWrittenByCall(IInvocationOperation invocation, IArgumentOperation argument, IParameterSymbol parameter, int position)
    {
        var target = invocation.TargetMethod;
        var origin = Origin(argument.Syntax);
        if (parameter.Type is IArrayTypeSymbol)
        {
            Report(DiagnosticDescriptors.UnsupportedArray, argument.Syntax.GetLocation(), "Passing '" + origin + "' to the array parameter '" + parameter.Name + "', which '" + target.Name + "' writes,", "declare that parameter as Span<T> (the generated code works on pooled buffers, not arrays)");
            return null;
        }

        if (afterStatement is null || !WritingCallPlacement(invocation))
        {
            Unsupported(invocation, "A call that writes the array '" + origin + "' inside a condition, a loop header or another expression", "call it in a statement of its own (x = F(…); or F(…);)");
            return null;
        }

        if (Part(argument.Value, out var reported) is not { } destination)
        {
            if (!reported)
            {
                Unsupported(argument, "Passing '" + origin + "' to the parameter '" + parameter.Name + "', which '" + target.Name + "' writes,", "pass a local array, or a view or slice of one");
            }

            return null;
        }

        if (!localArrayIds.Contains(destination.ArrayId))
        {
            Report(DiagnosticDescriptors.WriteToInput, argument.Syntax.GetLocation(), method.Name, destination.ArrayId);
            return null;
        }

        foreach (var other in invocation.Arguments.Where(a => !ReferenceEquals(a, argument) && a.Value.Type is { } type && TypeClassifier.IsArrayOrSpan(type)))
        {
            if (Part(other.Value, out _) is { } otherPart && otherPart.ArrayId == destination.ArrayId)
            {
                Unsupported(invocation, "Passing '" + destination.ArrayId + "' to '" + target.Name + "' both as the array it writes ('" + parameter.Name + "') and as another argument", "copy one of them into a local array of its own first");
                return null;
            }
        }

        var element = TypeClassifier.ToTypeRef(parameter.Type).Element!;
        var scratch = DeclareSynthetic("_" + target.Name + "_" + parameter.Name, TypeRef.SpanOf(element));
        localArrayIds.Add(scratch);
        var callOrigin = Origin(invocation.Syntax);
        if (nesting > 0 && !KnownBeforeTheStatement(destination.Length))
        {
            Report(DiagnosticDescriptors.UnsupportedArray, argument.Syntax.GetLocation(), "Passing '" + origin + "', whose length is computed inside the loop or branch, to '" + target.Name + "', which writes it", "pass a local array, or a slice whose length is known before the loop or branch");
            return null;
        }

        // Declared before the top-level statement that makes the call (a loop holding it reuses it every iteration).
        pendingBefore.Add(new DeclareArrayStmt(callOrigin, scratch, TypeRef.SpanOf(element), destination.Length));

        // After the statement: the destination takes the scratch's elements, one store each.
        var zero = new LiteralExpr(TypeRef.Int, "0", 0);
        EmitCopyLoop((destination.ArrayId, destination.Start, destination.Length), (scratch, zero, destination.Length), element, destination.Length, callOrigin, afterStatement);
        var type = TypeClassifier.ToTypeRef(argument.Value.Type!);
        return new ArrayWrite(position, scratch, new SliceExpr(type, destination.ArrayId, destination.Start, destination.Length, OfArray: false));
    }

    /// <summary>Statements that precede the top-level statement being parsed (scratch arrays' declarations).</summary>
    private readonly List<StmtModel> pendingBefore = new();

    /// <summary>
    /// Local arrays whose length, and views whose offset and length, are set once where they are declared and known
    /// from there on: those declared at the top level of the body, and local arrays hoisted to its top.
    /// </summary>
    private readonly HashSet<string> fixedIds = new();

    /// <summary>Whether a length reads only what is declared before the top-level statement being parsed.</summary>
    private bool KnownBeforeTheStatement(ExprModel length)
        => length switch
        {
            LiteralExpr or OpaqueExpr => true,
            LengthExpr l => (fixedIds.Contains(l.ArrayId) || method.Parameters.Any(p => p.Name == l.ArrayId)) && l.Row is null,
            VariableExpr v => fixedIds.Contains(v.Id) || IsFixedForTheCall(v),
            ConvertExpr c => KnownBeforeTheStatement(c.Operand),
            UnaryExpr u => KnownBeforeTheStatement(u.Operand),
            BinaryExpr b => KnownBeforeTheStatement(b.Left) && KnownBeforeTheStatement(b.Right),
            _ => false,
        };

    /// <summary>
    /// Whether a call that writes an array sits where its writes can follow the statement: the whole of an expression
    /// statement, a local's initializer, or the right side of an assignment, not inside a condition or another call.
    /// </summary>
    private static bool WritingCallPlacement(IInvocationOperation invocation)
    {
        var parent = invocation.Parent;
        while (parent is IConversionOperation { IsImplicit: true })
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IExpressionStatementOperation => true,
            IVariableInitializerOperation => true,
            ISimpleAssignmentOperation or ICompoundAssignmentOperation => parent.Parent is IExpressionStatementOperation,
            _ => false,
        };
    }
}
