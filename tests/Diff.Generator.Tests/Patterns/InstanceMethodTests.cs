using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Instance methods, as object-oriented numeric code writes them: the receiver is passive (its fields and properties
/// are read as constants: a distribution with fixed parameters, a model with fixed data), Grad and Pullback are
/// instance methods, and calls to the receiver's other [Differentiable] methods differentiate through their pullbacks.
/// </summary>
public partial class InstanceMethodTests
{
    /// <summary>A normal density with fixed mean and deviation, in QLNet's style.</summary>
    public sealed partial class NormalDistribution
    {
        private readonly double average;
        private readonly double sigma;
        private readonly double normalizationFactor;

        public NormalDistribution(double average, double sigma)
        {
            if (sigma <= 0.0)
                throw new ArgumentOutOfRangeException(nameof(sigma));
            this.average = average;
            this.sigma = sigma;
            normalizationFactor = 1 / Math.Sqrt(2 * Math.PI) / sigma;
        }

        public double Variance => sigma * sigma;

        [Differentiable]
        public double Value(double x)
        {
            var deltax = x - average;
            var exponent = -(deltax * deltax) / (2.0 * Variance);
            return exponent <= -690.0 ? 0.0 : normalizationFactor * Math.Exp(exponent);
        }

        /// <summary>Calls the receiver's own differentiable method, on this explicitly and implicitly.</summary>
        [Differentiable]
        public double LogValue(double x) => Math.Log(this.Value(x)) + 0 * Value(average);

        [Differentiable]
        public double Derivative(double x) => -(x - average) / Variance * Value(x);
    }

    /// <summary>An object built from others, as QLNet composes its distributions.</summary>
    public sealed partial class Mixture
    {
        private static readonly NormalDistribution Standard = new(0, 1);
        private readonly NormalDistribution first = new(-1, 0.5);

        private NormalDistribution Second { get; } = new(2, 1.5);

        [Differentiable]
        public double Density(double x) => 0.3 * first.Value(x) + 0.7 * this.Second.Value(x) + 0 * Standard.Value(x);

        [Differentiable]
        public static double Scaled([NoDerivative] NormalDistribution d, double x, double s) => s * d.Value(x * s);

        /// <summary>A receiver built in the method and held in a local, as QLNet's pricers do.</summary>
        [Differentiable]
        public static double Local(double x, double s)
        {
            var phi = new NormalDistribution(0.25, s > 0 ? 1.5 : 2.0);
            var twice = phi.Value(x) * 2;
            return phi.Value(x * x) > 0.1 ? twice + phi.LogValue(x) : twice;
        }

        /// <summary>Receivers built where they are called (QLNet's <c>new GammaDistribution(a).value(x)</c>), in a loop and a branch.</summary>
        [Differentiable]
        public static double BuiltInline(double x, double s)
        {
            var sum = 0.0;
            for (var k = 1; k <= 3; k++)
            {
                sum += new NormalDistribution(0.5 * k, 1.0 + 0.25 * k).Value(x * s);
            }

            return x > 0 ? sum * new NormalDistribution(0, 2).LogValue(s) : sum;
        }
    }

    /// <summary>A struct with an instance method reading its fields.</summary>
    public readonly partial struct Spring
    {
        public Spring(double stiffness, double rest)
        {
            Stiffness = stiffness;
            Rest = rest;
        }

        public double Stiffness { get; }

        public double Rest { get; }

        [Differentiable]
        public double Energy(double length)
        {
            var stretch = length - Rest;
            return 0.5 * Stiffness * stretch * stretch;
        }

        [Differentiable]
        public double Chain(double a, double b, int n) => n == 0 ? Energy(a) : Energy(b - a) + Chain(b, b + 1, n - 1);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    [InlineData(2.5)]
    public void An_instance_method_reads_its_receiver_as_constants(double x)
    {
        var normal = new NormalDistribution(0.5, 1.5);
        new GradientCheck(
            "Value", "x",
            p => normal.Value(p[0]),
            (p, d) => normal.ValueGrad(p[0], out d[0]),
            (p, s, d) => normal.ValuePullback(p[0], s, ref d[0]),
            p => [normal.Derivative(p[0])]).Check(x);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void Calls_to_the_receivers_own_methods(double x)
    {
        var normal = new NormalDistribution(0.5, 1.5);
        new GradientCheck(
            "LogValue", "x",
            p => normal.LogValue(p[0]),
            (p, d) => normal.LogValueGrad(p[0], out d[0]),
            (p, s, d) => normal.LogValuePullback(p[0], s, ref d[0]),
            p => [-(p[0] - 0.5) / 2.25]).Check(x);
    }

    [Theory]
    [InlineData(0.3)]
    [InlineData(-1.2)]
    public void Calls_to_differentiable_methods_of_objects_in_fields_and_parameters(double x)
    {
        var mixture = new Mixture();
        var first = new NormalDistribution(-1, 0.5);
        var second = new NormalDistribution(2, 1.5);
        new GradientCheck(
            "Density", "x",
            p => mixture.Density(p[0]),
            (p, d) => mixture.DensityGrad(p[0], out d[0]),
            (p, s, d) => mixture.DensityPullback(p[0], s, ref d[0]),
            p => [0.3 * first.Derivative(p[0]) + 0.7 * second.Derivative(p[0])]).Check(x);
        new GradientCheck(
            "Local", "x s",
            p => Mixture.Local(p[0], p[1]),
            (p, d) => Mixture.LocalGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => Mixture.LocalPullback(p[0], p[1], s, ref d[0], ref d[1])).Check(x, 0.5);
        new GradientCheck(
            "BuiltInline", "x s",
            p => Mixture.BuiltInline(p[0], p[1]),
            (p, d) => Mixture.BuiltInlineGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => Mixture.BuiltInlinePullback(p[0], p[1], s, ref d[0], ref d[1])).Check(x, 0.8);
        new GradientCheck(
            "Scaled", "x s",
            p => Mixture.Scaled(second, p[0], p[1]),
            (p, d) => Mixture.ScaledGrad(second, p[0], p[1], out d[0], out d[1]),
            (p, s, d) => Mixture.ScaledPullback(second, p[0], p[1], s, ref d[0], ref d[1])).Check(x, 1.3);
    }

    [Theory]
    [InlineData(1.5, 2.0, 0)]
    [InlineData(0.5, 2.5, 3)]
    public void A_struct_receiver_and_recursion_on_it(double a, double b, int n)
    {
        var spring = new Spring(3.0, 0.75);
        new GradientCheck(
            "Chain", "a b",
            p => spring.Chain(p[0], p[1], n),
            (p, d) => spring.ChainGrad(p[0], p[1], n, out d[0], out d[1]),
            (p, s, d) => spring.ChainPullback(p[0], p[1], n, s, ref d[0], ref d[1])).Check(a, b);
    }
}
