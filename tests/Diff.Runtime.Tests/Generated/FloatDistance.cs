namespace DiffGen.Runtime.Tests.Generated;

/// <summary>How far apart two floats are, in representable floats: the measure the vectorised-math tests bound.</summary>
internal static class FloatDistance
{
    /// <summary>The number of floats between <paramref name="a"/> and <paramref name="b"/> (+0 and −0 count as one).</summary>
    public static long Ulps(float a, float b)
    {
        if (a == b)
        {
            return 0;
        }

        static long Ordered(float v)
        {
            var bits = BitConverter.SingleToInt32Bits(v);
            return bits < 0 ? int.MinValue - (long)bits : bits;
        }

        return Math.Abs(Ordered(a) - Ordered(b));
    }
}
