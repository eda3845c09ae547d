using System.Text;

namespace DiffGen.Generator.Emitting;

/// <summary>An indenting text writer: four spaces per level, '\n' line endings on every machine.</summary>
internal sealed class CodeWriter
{
    private readonly StringBuilder text = new();
    private int indent;

    public void Line(string line = "")
    {
        if (line.Length > 0)
        {
            text.Append(' ', indent * 4).Append(line);
        }

        text.Append('\n');
    }

    public void Open(string line)
    {
        Line(line);
        Line("{");
        indent++;
    }

    public void Close(string suffix = "")
    {
        indent--;
        Line("}" + suffix);
    }

    public override string ToString() => text.ToString();
}
