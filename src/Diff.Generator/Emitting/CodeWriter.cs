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

    /// <summary>Appends the lines of another writer's text, indented to this writer's current level.</summary>
    public void Lines(string block)
    {
        var lines = block.Split('\n');
        var count = block.EndsWith("\n", System.StringComparison.Ordinal) ? lines.Length - 1 : lines.Length;
        for (var i = 0; i < count; i++)
        {
            Line(lines[i]);
        }
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
