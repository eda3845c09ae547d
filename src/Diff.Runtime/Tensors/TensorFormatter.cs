using System.Globalization;
using System.Text;

namespace DiffGen;

/// <summary>
/// Writes a tensor the way TensorFlow's eager <c>repr</c> does (NumPy's array printing inside
/// <c>tf.Tensor(…, shape=…, dtype=float32)</c>): a scalar as Python prints a float (<c>6.0</c>); arrays with
/// aligned columns, integral values as <c>1.</c>, and more than 1000 elements elided to 3 at each edge of every axis.
/// </summary>
internal static class TensorFormatter
{
    private const int SummarizeAbove = 1000;
    private const int EdgeItems = 3;
    private const int MaxFractionDigits = 8;

    public static string Format(Tensor tensor)
    {
        var body = tensor.Rank == 0 ? FormatScalar(tensor.Data[0]) : FormatArray(tensor);
        var separator = tensor.Rank >= 2 ? "\n" : string.Empty;
        return $"tf.Tensor({separator}{body}, shape={tensor.Shape}, dtype=float32)";
    }

    /// <summary>Python's <c>repr</c> of a float: shortest round-trip digits, always with a point or an exponent.</summary>
    internal static string FormatScalar(float value)
    {
        if (float.IsNaN(value))
        {
            return "nan";
        }

        if (float.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var text = value.ToString("R", CultureInfo.InvariantCulture);
        if (text.Contains('E'))
        {
            // .NET writes 1E-05 where Python writes 1e-05.
            var parts = text.Split('E');
            var exponent = int.Parse(parts[1], CultureInfo.InvariantCulture);
            return $"{parts[0]}e{(exponent < 0 ? "-" : "+")}{Math.Abs(exponent):00}";
        }

        return text.Contains('.') ? text : text + ".0";
    }

    private static string FormatArray(Tensor tensor)
    {
        var summarize = tensor.Size > SummarizeAbove;
        var shown = ShownValues(tensor, summarize);
        var format = ElementFormat.For(shown);
        var builder = new StringBuilder();
        WriteBlock(builder, tensor, format, axis: 0, offset: 0, summarize);
        return builder.ToString();
    }

    private static void WriteBlock(StringBuilder builder, Tensor tensor, ElementFormat format, int axis, int offset, bool summarize)
    {
        var shape = tensor.Shape;
        var count = shape[axis];
        var stride = shape.Stride(axis);
        builder.Append('[');
        var last = axis == shape.Rank - 1;
        for (var i = 0; i < count; i++)
        {
            if (summarize && count > 2 * EdgeItems && i == EdgeItems)
            {
                builder.Append(last ? "..." : "...");
                AppendSeparator(builder, shape.Rank, axis, last);
                i = count - EdgeItems - 1;
                continue;
            }

            if (last)
            {
                builder.Append(format.Format(tensor.Data[offset + i]));
            }
            else
            {
                WriteBlock(builder, tensor, format, axis + 1, offset + (i * stride), summarize);
            }

            if (i < count - 1)
            {
                AppendSeparator(builder, shape.Rank, axis, last);
            }
        }

        builder.Append(']');
    }

    /// <summary>A space between numbers; between blocks a newline per remaining axis and one space per open bracket.</summary>
    private static void AppendSeparator(StringBuilder builder, int rank, int axis, bool last)
    {
        if (last)
        {
            builder.Append(' ');
            return;
        }

        builder.Append('\n', rank - axis - 1);
        builder.Append(' ', axis + 1);
    }

    private static List<float> ShownValues(Tensor tensor, bool summarize)
    {
        if (!summarize)
        {
            return [.. tensor.Data];
        }

        // Only the printed corner decides the column width, as in NumPy.
        var values = new List<float>();
        Collect(tensor, 0, 0, values);
        return values;
    }

    private static void Collect(Tensor tensor, int axis, int offset, List<float> values)
    {
        var count = tensor.Shape[axis];
        var stride = tensor.Shape.Stride(axis);
        for (var i = 0; i < count; i++)
        {
            if (count > 2 * EdgeItems && i == EdgeItems)
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
                Collect(tensor, axis + 1, offset + (i * stride), values);
            }
        }
    }

    /// <summary>NumPy's float formatting for one array: one column width and one notation for all elements.</summary>
    private sealed class ElementFormat
    {
        private readonly bool _scientific;
        private readonly int _integerWidth;
        private readonly int _fractionWidth;

        private ElementFormat(bool scientific, int integerWidth, int fractionWidth)
        {
            _scientific = scientific;
            _integerWidth = integerWidth;
            _fractionWidth = fractionWidth;
        }

        public static ElementFormat For(List<float> values)
        {
            var finite = values.Where(float.IsFinite).Select(Math.Abs).ToList();
            var nonZero = finite.Where(v => v != 0).ToList();
            var scientific = nonZero.Count > 0 && (nonZero.Max() >= 1e8f || nonZero.Min() < 1e-4f || nonZero.Max() / nonZero.Min() > 1e3f && nonZero.Min() < 1e-3f);
            if (scientific)
            {
                return new ElementFormat(true, 0, 0);
            }

            int integerWidth = 0, fractionWidth = 0;
            foreach (var value in values)
            {
                var (integer, fraction) = Split(value);
                integerWidth = Math.Max(integerWidth, integer.Length);
                fractionWidth = Math.Max(fractionWidth, fraction.Length);
            }

            return new ElementFormat(false, integerWidth, fractionWidth);
        }

        public string Format(float value)
        {
            if (_scientific)
            {
                return value.ToString("0.#######e+00", CultureInfo.InvariantCulture);
            }

            var (integer, fraction) = Split(value);
            return integer.PadLeft(_integerWidth) + fraction.PadRight(_fractionWidth);
        }

        /// <summary>"1.25" → ("1", ".25"); "3" → ("3", "."); nan and inf have no point.</summary>
        private static (string Integer, string Fraction) Split(float value)
        {
            if (float.IsNaN(value))
            {
                return ("nan", string.Empty);
            }

            if (float.IsInfinity(value))
            {
                return (value > 0 ? "inf" : "-inf", string.Empty);
            }

            var rounded = Math.Round((double)value, MaxFractionDigits);
            var text = ((float)rounded).ToString("0.########", CultureInfo.InvariantCulture);
            var point = text.IndexOf('.');
            return point < 0 ? (text, ".") : (text[..point], text[point..]);
        }
    }
}
