namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>The erf reference against published values (Abramowitz and Stegun, table 7.1, to 16 digits), before anything is measured with it.</summary>
public class ErfReferenceTests
{
    [Theory]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.0, -0.8427007929497149)]
    public void Matches_tabulated_values(double x, double erf) =>
        Assert.True(Math.Abs(ErfReference.Erf(x) - erf) <= 4e-16 * Math.Abs(erf), $"erf({x}) = {ErfReference.Erf(x):R}, tables give {erf:R}");

    [Fact]
    public void Its_derivative_is_2_over_root_pi_times_exp_minus_x_squared() =>
        Assert.Equal(ErfReference.Derivative(0.7), PointwiseCheck.CentralDifference(ErfReference.Erf, 0.7), 1e-12);
}
