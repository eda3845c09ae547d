using System.Runtime.Intrinsics;
using DiffGen.Generated;

namespace DiffGen.Runtime.Tests.Generated;

/// <summary><see cref="LaneMath"/>: the lane versions of MathF functions Vector256 lacks, against double precision.</summary>
public sealed class LaneMathTests
{
    [Fact]
    public void Tanh_is_within_one_ulp_of_the_exact_value_over_a_sweep_of_every_float_range()
    {
        // Every 1021st bit pattern: about 4.2 million floats covering every exponent, both signs, subnormals, ±∞, NaNs.
        long worst = 0;
        var at = 0f;
        for (ulong bits = 0; bits <= uint.MaxValue; bits += 1021)
        {
            var x = BitConverter.UInt32BitsToSingle((uint)bits);
            var expected = (float)Math.Tanh(x);
            var actual = LaneMath.Tanh(Vector256.Create(x)).GetElement(0);
            if (float.IsNaN(x))
            {
                Assert.True(float.IsNaN(actual), $"Tanh(NaN) = {actual}");
                continue;
            }

            var ulps = FloatDistance.Ulps(expected, actual);
            if (ulps > worst)
            {
                (worst, at) = (ulps, x);
            }
        }

        Assert.True(worst <= 1, $"LaneMath.Tanh is {worst} ulp from the exact value at {at:R}");
    }

    [Theory]
    [InlineData(0f, 0f)]
    [InlineData(float.PositiveInfinity, 1f)]
    [InlineData(float.NegativeInfinity, -1f)]
    [InlineData(1e-30f, 1e-30f)]
    [InlineData(-1e-30f, -1e-30f)]
    [InlineData(20f, 1f)]
    [InlineData(-400f, -1f)]
    public void Tanh_keeps_the_special_values_and_the_sign_of_zero(float x, float expected)
    {
        var actual = LaneMath.Tanh(Vector256.Create(x)).GetElement(0);
        Assert.Equal(BitConverter.SingleToInt32Bits(expected), BitConverter.SingleToInt32Bits(actual));
    }

    [Fact]
    public void Tanh_of_negative_zero_is_negative_zero()
    {
        var actual = LaneMath.Tanh(Vector256.Create(-0f)).GetElement(0);
        Assert.True(actual == 0f && float.IsNegative(actual), $"Tanh(-0) = {actual:R}");
    }

    [Fact]
    public void Tanh_computes_each_lane_on_its_own()
    {
        float[] values = [-3f, -0.5f, -1e-5f, 0f, 1e-3f, 0.75f, 2f, float.NaN];
        var lanes = LaneMath.Tanh(Vector256.Create<float>(values));
        for (var i = 0; i < values.Length; i++)
        {
            var expected = (float)Math.Tanh(values[i]);
            Assert.True(FloatDistance.Ulps(expected, lanes.GetElement(i)) <= 1 || (float.IsNaN(expected) && float.IsNaN(lanes.GetElement(i))), $"lane {i}: {lanes.GetElement(i):R} vs {expected:R}");
        }
    }
}
