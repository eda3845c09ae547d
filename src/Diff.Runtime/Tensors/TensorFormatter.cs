using System.Globalization;
using System.Text;

namespace DiffGen;

/// <summary>
/// Writes a tensor the way TensorFlow's eager <c>str</c> does: NumPy's <c>str</c> of the float32 values inside
/// <c>tf.Tensor(…, shape=…, dtype=float32)</c>, with a newline before a body that spans several lines. A scalar is
/// printed as NumPy prints a float32 scalar (<c>6.0</c>, <c>1e-05</c>); an array follows NumPy's array printing
/// (default options): one notation and one column width for all elements, scientific when the values span more
/// than three decades or reach 1e8 or go below 1e-4, at most 8 fraction digits, lines wrapped at 75 columns, and
/// more than 1000 elements elided to 3 at each edge of every axis. A tensor with a zero dimension prints as <c>[]</c>.
/// </summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;
    private const int Precision = 8;
    private const int LineWidth = 75;

    public static string Format(Tensor tensor)
    {
        var body = tensor.Rank == 0 ? FormatScalar(tensor.Data[0]) : FormatArray(tensor);
        var separator = body.Contains('\n') ? "\n" : string.Empty;
        return $"tf.Tensor({separator}{body}, shape={tensor.Shape}, dtype=float32)";
    }

    /// <summary>
    /// NumPy's <c>str</c> of a float32 scalar: the shortest digits that round-trip, positional for 1e-4 ≤ |x| &lt; 1e16
    /// (always with a fraction digit: <c>6.0</c>), else scientific with a two-digit exponent (<c>1e-05</c>).
    /// </summary>
    internal static string FormatScalar(float value)
    {
        if (!float.IsFinite(value))
        {
            return NonFinite(value);
        }

        var magnitude = Math.Abs((double)value);
        if (magnitude == 0 || (magnitude >= 1e-4 && magnitude < 1e16))
        {
            var text = Positional(value, fractionLimit: null);
            return text.EndsWith('.') ? text + "0" : text;
        }

        var (mantissa, exponent) = Scientific(value);
        return $"{mantissa.TrimEnd('.')}e{exponent}";
    }

    private static string NonFinite(float value) => float.IsNaN(value) ? "nan" : value > 0 ? "inf" : "-inf";

    /// <summary>
    /// The shortest decimal digits that read back as <paramref name="value"/> (no leading or trailing zeros; "0" for
    /// zero) and where the decimal point goes: |value| = 0.d₁d₂… × 10^<c>Point</c>.
    /// </summary>
    private static (string Digits, int Point) Shortest(float value)
    {
        if (value == 0)
        {
            return ("0", 1);
        }

        // .NET's "R" for float is the shortest round-trip form, positional or with an exponent ("1.2345679E+08").
        var text = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponent = 0;
        var e = text.IndexOf('E');
        if (e >= 0)
        {
            exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
            text = text[..e];
        }

        var point = text.IndexOf('.');
        var integer = point < 0 ? text : text[..point];
        var digits = integer + (point < 0 ? string.Empty : text[(point + 1)..]);
        var position = integer.Length + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        return (digits[leadingZeros..].TrimEnd('0'), position - leadingZeros);
    }

    /// <summary>
    /// Positional notation with the shortest round-trip digits and a point always present (<c>3.</c>, <c>0.25</c>,
    /// <c>-0.</c>). For an array element (<paramref name="fractionLimit"/> given), more fraction digits than the limit
    /// are rounded away (NumPy's precision), and an integer whose shortest digits stop short of the units place
    /// (above 2²⁴) is written out exactly, as NumPy's array printing does (<c>40359032.</c>, where a scalar prints
    /// <c>40359030.0</c>).
    /// </summary>
    private static string Positional(float value, int? fractionLimit)
    {
        var sign = float.IsNegative(value) ? "-" : string.Empty;
        var (digits, point) = Shortest(value);
        if (fractionLimit is { } limit && (digits.Length - point > limit || point > digits.Length))
        {
            // The exact binary value rounded to the limit (double holds a float exactly; "F" formats it exactly).
            var rounded = Math.Abs((double)value).ToString("F" + limit.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture).TrimEnd('0');
            return sign + rounded;
        }

        string text;
        if (point <= 0)
        {
            text = "0." + new string('0', -point) + digits;
        }
        else if (point >= digits.Length)
        {
            text = (digits == "0" ? "0" : digits + new string('0', point - digits.Length)) + ".";
        }
        else
        {
            text = digits[..point] + "." + digits[point..];
        }

        return sign + text;
    }

    /// <summary>Scientific notation with the shortest round-trip digits: mantissa <c>-1.5</c> or <c>1.</c>, exponent <c>+03</c>.</summary>
    private static (string Mantissa, string Exponent) Scientific(float value)
    {
        var sign = float.IsNegative(value) ? "-" : string.Empty;
        var (digits, point) = Shortest(value);
        var exponent = digits == "0" ? 0 : point - 1;
        var mantissa = $"{sign}{digits[0]}.{digits[1..]}";
        return (mantissa, (exponent < 0 ? "-" : "+") + Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
    }

    private static string FormatArray(Tensor tensor)
    {
        if (tensor.Size == 0)
        {
            return "[]";
        }

        var summarize = tensor.Size > SummarizeAbove;
        var values = new List<float>();
        CollectShown(tensor, 0, 0, summarize, values);
        var format = ElementFormat.For(values);

        // NumPy's _formatArray: the outermost call has a one-space hanging indent and the full line width.
        return FormatBlock(tensor, format, summarize, axis: 0, offset: 0, hangingIndent: " ", width: LineWidth);
    }

    /// <summary>The values that will be printed (only they decide the notation and column width, as in NumPy).</summary>
    private static void CollectShown(Tensor tensor, int axis, int offset, bool summarize, List<float> values)
    {
        var count = tensor.Shape[axis];
        var stride = tensor.Shape.Stride(axis);
        for (var i = 0; i < count; i++)
        {
            if (summarize && count > 2 * EdgeItems && i == EdgeItems)
            {
                i = count - EdgeItems - 1;
                continue;
            }

            if (axis == tensor.Rank - 1)
            {
                values.Add(tensor.Data[offset + i]);
            }
            else
            {
                CollectShown(tensor, axis + 1, offset + (i * stride), summarize, values);
            }
        }
    }

    /// <summary>
    /// One bracketed block along <paramref name="axis"/>. The innermost axis is a line of words wrapped before
    /// <paramref name="width"/>; outer axes put their blocks on separate lines, with a blank line per extra axis, and
    /// "..." standing for the elided middle.
    /// </summary>
    private static string FormatBlock(Tensor tensor, ElementFormat format, bool summarize, int axis, int offset, string hangingIndent, int width)
    {
        var count = tensor.Shape[axis];
        var stride = tensor.Shape.Stride(axis);
        var axesLeft = tensor.Rank - axis;
        var summary = summarize && count > 2 * EdgeItems;
        var leading = summary ? EdgeItems : 0;
        var trailing = summary ? EdgeItems : count;
        var nextIndent = hangingIndent + " ";
        var nextWidth = width - 1;
        var text = new StringBuilder();

        // The indices printed, in order, with -1 marking the "..." in their middle.
        var indices = Enumerable.Range(0, leading).Concat(summary ? [-1] : []).Concat(Enumerable.Range(count - trailing, trailing)).ToList();
        if (axesLeft == 1)
        {
            // The room before the closing bracket: one column.
            var elementWidth = width - 1;
            var line = new StringBuilder(hangingIndent);
            for (var k = 0; k < indices.Count; k++)
            {
                var word = indices[k] < 0 ? "..." : format.Format(tensor.Data[offset + indices[k]]);
                if (line.Length + word.Length > elementWidth && line.Length > hangingIndent.Length)
                {
                    text.Append(line.ToString().TrimEnd()).Append('\n');
                    line.Clear().Append(hangingIndent);
                }

                line.Append(word);
                if (k < indices.Count - 1)
                {
                    line.Append(' ');
                }
            }

            text.Append(line);
        }
        else
        {
            var lineSeparator = new string('\n', axesLeft - 1);
            for (var k = 0; k < indices.Count; k++)
            {
                text.Append(hangingIndent);
                text.Append(indices[k] < 0 ? "..." : FormatBlock(tensor, format, summarize, axis + 1, offset + (indices[k] * stride), nextIndent, nextWidth));
                if (k < indices.Count - 1)
                {
                    text.Append(lineSeparator);
                }
            }
        }

        // The first line's hanging indent becomes the opening bracket.
        return "[" + text.ToString(hangingIndent.Length, text.Length - hangingIndent.Length) + "]";
    }

    /// <summary>NumPy's FloatingFormat for one array: one notation, one width for the integer and fraction parts.</summary>
    private sealed class ElementFormat
    {
        private readonly bool _scientific;
        private readonly int _padLeft;
        private readonly int _padRight;
        private readonly int _precision;

        private ElementFormat(bool scientific, int padLeft, int padRight, int precision)
        {
            _scientific = scientific;
            _padLeft = padLeft;
            _padRight = padRight;
            _precision = precision;
        }

        public static ElementFormat For(List<float> values)
        {
            var finite = values.Where(float.IsFinite).ToList();
            var nonZero = finite.Where(v => v != 0).Select(Math.Abs).ToList();

            // NumPy compares the float32 maximum and minimum, and divides them in float32.
            var scientific = nonZero.Count > 0 && (nonZero.Max() >= 1e8 || nonZero.Min() < 1e-4 || nonZero.Max() / nonZero.Min() > 1000f);
            int padLeft = 0, padRight = 0, precision = 0;
            if (scientific)
            {
                var parts = finite.Select(Scientific).ToList();
                var mantissas = parts.Select(p => p.Mantissa.Split('.')).ToList();
                padLeft = mantissas.Max(m => m[0].Length);
                precision = mantissas.Max(m => m[1].Length);

                // The exponent takes two digits for every float32; then "e", its sign, the point and the digits.
                padRight = 2 + 2 + precision;
            }
            else if (finite.Count > 0)
            {
                var parts = finite.Select(v => Positional(v, Precision).Split('.')).ToList();
                padLeft = parts.Max(p => p[0].Length);
                padRight = parts.Max(p => p[1].Length);
            }

            if (finite.Count != values.Count)
            {
                // Room for nan and inf (or -inf) right-aligned across the whole width.
                var negativeInfinity = values.Any(float.IsNegativeInfinity);
                var offset = padRight + 1;
                padLeft = Math.Max(padLeft, Math.Max(3 - offset, 3 + (negativeInfinity ? 1 : 0) - offset));
            }

            return new ElementFormat(scientific, padLeft, padRight, precision);
        }

        public string Format(float value)
        {
            if (!float.IsFinite(value))
            {
                return NonFinite(value).PadLeft(_padLeft + _padRight + 1);
            }

            if (_scientific)
            {
                // Every element gets the same number of mantissa digits: the exact value rounded to them (NumPy's
                // Dragon4 with min_digits), not the shortest digits padded with zeros.
                var text = Math.Abs((double)value).ToString("E" + _precision.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
                var e = text.IndexOf('E');
                var mantissa = (float.IsNegative(value) ? "-" : string.Empty) + text[..e];
                var exponent = int.Parse(text[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
                var parts = mantissa.Split('.');
                var fraction = parts.Length > 1 ? parts[1] : string.Empty;
                return $"{parts[0].PadLeft(_padLeft)}.{fraction}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
            }

            var positional = Positional(value, Precision).Split('.');
            return $"{positional[0].PadLeft(_padLeft)}.{positional[1].PadRight(_padRight)}";
        }
    }
}
