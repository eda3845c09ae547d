using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>L1, L2 and L1L2 penalties: value and gradient against l1·Σ|w| + l2·Σw² in double, away from w = 0.</summary>
public sealed class RegularizerTests
{
    public static TheoryData<double, double> Factors => new() { { 0.01, 0 }, { 0, 0.01 }, { 0.3, 0.05 } };

    [Theory]
    [MemberData(nameof(Factors))]
    public void Penalty_value_and_gradient(double l1, double l2)
    {
        var regularizer = new L1L2(l1, l2);
        var w = Rand.AwayFromZero(new Random(31), [3, 4], 0.05, 2);
        GradientCheck.Check(
            $"L1L2({l1}, {l2})",
            t => regularizer.Penalty(t[0]),
            r => Ref.Scalar(r[0].Data.Sum(v => (l1 * Math.Abs(v)) + (l2 * v * v))),
            [w],
            31);
    }

    [Fact]
    public void L1_and_L2_are_L1L2_with_one_factor_and_Kerases_defaults()
    {
        var w = Tensor.From([0.5f, -2f, 1.5f]);
        Assert.Equal(new L1L2(l1: 0.01).Penalty(w).Item, new L1().Penalty(w).Item);
        Assert.Equal(new L1L2(l2: 0.01).Penalty(w).Item, new L2().Penalty(w).Item);
        Assert.Equal(0.01 * 4, new L1().Penalty(w).Item, 1e-7);
        Assert.Equal(0.01 * 6.5, new L2().Penalty(w).Item, 1e-7);
    }
}
