// Identifier edge cases: keyword-named parameters (printed verbatim as @event in the generated code), enum
// arguments to Math functions (spelled as the enum, not its integer value), and a primal that already uses the
// pullback's parameter name "seed" and its first fallback "_seed".

using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

public partial class IdentifierEdgeCaseTests
{
    [Differentiable]
    public static double KeywordNames(double @event, double @in) => @event * @in + Math.Sin(@in);

    [Differentiable]
    public static double TimesRoundDigitsAwayFromZero(double x) => x * Math.Round(x, 1, MidpointRounding.AwayFromZero);

    [Differentiable]
    public static double SeedAndUnderscoreSeed(double seed, double _seed) => seed * seed * _seed;

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Parameters_named_like_keywords(double a, double b) =>
        new GradientCheck(
            nameof(KeywordNames), "event in",
            p => KeywordNames(p[0], p[1]),
            (p, d) => KeywordNamesGrad(p[0], p[1], devent: out d[0], din: out d[1]),
            (p, s, d) => KeywordNamesPullback(p[0], p[1], s, devent: ref d[0], din: ref d[1]),
            p => [p[1], p[0] + Math.Cos(p[1])]).Check(a, b);

    [Theory]
    [InlineData(0.32)]
    [InlineData(1.71)]
    [InlineData(-2.22)]
    public void Round_to_digits_with_a_MidpointRounding_mode(double x) =>
        new GradientCheck(
            nameof(TimesRoundDigitsAwayFromZero), "x",
            p => TimesRoundDigitsAwayFromZero(p[0]),
            (p, d) => TimesRoundDigitsAwayFromZeroGrad(p[0], out d[0]),
            (p, s, d) => TimesRoundDigitsAwayFromZeroPullback(p[0], s, ref d[0]),
            p => [Math.Round(p[0], 1, MidpointRounding.AwayFromZero)]).Check(x);

    [Theory]
    [InlineData(0.3, 1.7)]
    [InlineData(-1.2, 0.4)]
    [InlineData(2.5, -3.1)]
    public void Parameters_named_seed_and_underscore_seed(double a, double b) =>
        new GradientCheck(
            nameof(SeedAndUnderscoreSeed), "seed _seed",
            p => SeedAndUnderscoreSeed(p[0], p[1]),
            (p, d) => SeedAndUnderscoreSeedGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => SeedAndUnderscoreSeedPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p => [2 * p[0] * p[1], p[0] * p[0]]).Check(a, b);
}
