using Microsoft.CodeAnalysis.CSharp;

namespace DiffGen.Generator.Emitting;

/// <summary>Names are kept unescaped in the model (<c>event</c>); generated code spells keywords verbatim (<c>@event</c>).</summary>
internal static class Identifier
{
    public static string Escape(string name) => SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None ? "@" + name : name;
}
