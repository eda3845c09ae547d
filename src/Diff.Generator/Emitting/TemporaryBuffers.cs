using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Emitting;

/// <summary>
/// The temporaries the derivative wrappers (Vjp, Hvp, Hessian, Jacobian) need beside a parameter: for a span, a pooled
/// buffer of its length (<see cref="PooledBuffer"/>, as the sweeps' local arrays are); for a scalar, a local.
/// </summary>
internal static class TemporaryBuffers
{
    /// <summary>Declares <paramref name="name"/>, zeroed: a pooled span as long as <paramref name="like"/>, or a scalar local.</summary>
    /// <param name="zeroed">False for a span whose contents nobody reads (a pullback adds into it, the sum is dropped).</param>
    public static void Declare(CodeWriter writer, string name, ParameterModel like, bool zeroed = true)
    {
        if (!like.IsArray)
        {
            writer.Line(like.Type.Name + " " + name + " = " + CSharpLiteral.Default(like.Type) + ";");
            return;
        }

        var rent = zeroed ? PooledBuffer.Rent(like.Type.Element!, name, Length(like)) : PooledBuffer.RentUncleared(like.Type.Element!, name, Length(like));
        foreach (var statement in rent)
        {
            CodePrinter.Print(statement, writer);
        }
    }

    /// <summary>Declares <paramref name="name"/> as a pooled copy of the span parameter <paramref name="of"/>'s elements.</summary>
    public static void DeclareCopy(CodeWriter writer, string name, ParameterModel of)
    {
        var element = of.Type.Element!;
        foreach (var statement in PooledBuffer.RentUncleared(element, name, Length(of)))
        {
            CodePrinter.Print(statement, writer);
        }

        writer.Line("((global::System.ReadOnlySpan<" + element.Name + ">)" + Identifier.Escape(of.Name) + ").CopyTo(" + name + ");");
    }

    /// <summary>Gives a span's buffer back (a scalar local needs nothing).</summary>
    public static void Return(CodeWriter writer, string name, ParameterModel like)
    {
        if (like.IsArray)
        {
            CodePrinter.Print(PooledBuffer.Return(like.Type.Element!, name), writer);
        }
    }

    private static CodeExpr Length(ParameterModel span) => new MemberCode(new NameCode(Identifier.Escape(span.Name)), "Length");
}
