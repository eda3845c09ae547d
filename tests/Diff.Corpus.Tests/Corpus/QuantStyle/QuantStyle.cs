// DiffGen corpus — an object-oriented quant-library style (distribution objects with value(x), argument checks through
// a QL_REQUIRE helper taking a message lambda, Func<double,double> integrands, solver objects, interpolation objects over
// lists, payoffs and a Black calculator), written for DiffGen (see ../../NOTICE.md). One compilation unit.
using System;
using System.Collections.Generic;
using System.Linq;
using DiffGen;

namespace Corpus.QuantStyle
{
    public static partial class Const
    {
        public const double QL_EPSILON = 2.2204460492503131e-016;
        public const double M_SQRT_2 = 0.7071067811865475244008443621048490392848359376887;
        public const double M_1_SQRTPI = 0.564189583547756286948;
        public const double M_SQRT2 = 1.41421356237309504880;
        public const double M_PI = 3.141592653589793238462643383280;
    }

    public static partial class Utils
    {
        public static void QL_REQUIRE(bool condition, Func<string> message)
        {
            if (!condition)
                throw new ArgumentException(message());
        }

        public static void QL_FAIL(string message) => throw new InvalidOperationException(message);

        public static bool close_enough(double x, double y) => Math.Abs(x - y) <= 42 * Const.QL_EPSILON * Math.Abs(x);

        [Differentiable]
        public static double betaFunction(double z, double w)
        {
            return Math.Exp(GammaFunction.logValueStatic(z) + GammaFunction.logValueStatic(w) - GammaFunction.logValueStatic(z + w));
        }

        [Differentiable]
        public static double incompleteGammaFunctionSeries(double a, double x, double accuracy = 1.0e-13, int maxIteration = 100)
        {
            if (x.IsEqual(0.0))
                return 0.0;
            double gln = GammaFunction.logValueStatic(a);
            double ap = a;
            double del = 1.0 / a;
            double sum = del;
            for (int n = 1; n <= maxIteration; n++)
            {
                ++ap;
                del *= x / ap;
                sum += del;
                if (Math.Abs(del) < Math.Abs(sum) * accuracy)
                {
                    return sum * Math.Exp(-x + a * Math.Log(x) - gln);
                }
            }

            QL_FAIL("accuracy not reached");
            return 0;
        }

        [Differentiable]
        public static double incompleteGammaFunction(double a, double x, double accuracy = 1.0e-13, int maxIteration = 100)
        {
            QL_REQUIRE(a > 0.0, () => "non-positive a is not allowed");
            QL_REQUIRE(x >= 0.0, () => "negative x non allowed");
            if (x < a + 1.0)
                return incompleteGammaFunctionSeries(a, x, accuracy, maxIteration);
            return 1.0 - incompleteGammaFunctionContinuedFraction(a, x, accuracy, maxIteration);
        }

        [Differentiable]
        public static double incompleteGammaFunctionContinuedFraction(double a, double x, double accuracy = 1.0e-13, int maxIteration = 100)
        {
            int i;
            double an, b, c, d, del, h;
            double gln = GammaFunction.logValueStatic(a);
            b = x + 1.0 - a;
            c = 1.0 / Const.QL_EPSILON;
            d = 1.0 / b;
            h = d;
            for (i = 1; i <= maxIteration; i++)
            {
                an = -i * (i - a);
                b += 2.0;
                d = an * d + b;
                if (Math.Abs(d) < Const.QL_EPSILON) d = Const.QL_EPSILON;
                c = b + an / c;
                if (Math.Abs(c) < Const.QL_EPSILON) c = Const.QL_EPSILON;
                d = 1.0 / d;
                del = d * c;
                h *= del;
                if (Math.Abs(del - 1.0) < accuracy)
                {
                    return Math.Exp(-x + a * Math.Log(x) - gln) * h;
                }
            }

            QL_FAIL("accuracy not reached");
            return 0;
        }

        [Differentiable]
        public static double blackFormulaImpliedStdDevApproximation(int optionType, double strike, double forward, double blackPrice, double discount = 1.0, double displacement = 0.0)
        {
            QL_REQUIRE(strike >= 0.0, () => "strike (" + strike + ") must be non-negative");
            QL_REQUIRE(forward > 0.0, () => "forward (" + forward + ") must be positive");
            QL_REQUIRE(displacement >= 0.0, () => "displacement (" + displacement + ") must be non-negative");
            QL_REQUIRE(discount > 0.0, () => "discount (" + discount + ") must be positive");
            double stdDev;
            forward = forward + displacement;
            strike = strike + displacement;
            if (strike.IsEqual(forward))
            {
                stdDev = blackPrice / discount * Math.Sqrt(2.0 * Const.M_PI) / forward;
            }
            else
            {
                double moneynessDelta = optionType * (forward - strike);
                double moneynessDelta_2 = moneynessDelta / 2.0;
                double temp = blackPrice / discount - moneynessDelta_2;
                double moneynessDelta_PI = moneynessDelta * moneynessDelta / Const.M_PI;
                double temp2 = temp * temp - moneynessDelta_PI;
                if (temp2 < 0.0)
                    temp2 = 0.0;
                temp2 = Math.Sqrt(temp2);
                temp += temp2;
                temp *= Math.Sqrt(2.0 * Const.M_PI);
                stdDev = temp / (forward + strike);
            }

            QL_REQUIRE(stdDev >= 0.0, () => "stdDev (" + stdDev + ") must be non-negative");
            return stdDev;
        }

        [Differentiable]
        public static double blackFormulaStdDevDerivative(double strike, double forward, double stdDev, double discount = 1.0, double displacement = 0.0)
        {
            QL_REQUIRE(stdDev >= 0.0, () => "stdDev (" + stdDev + ") must be non-negative");
            QL_REQUIRE(discount > 0.0, () => "discount (" + discount + ") must be positive");
            forward = forward + displacement;
            strike = strike + displacement;
            if (stdDev.IsEqual(0.0) || strike.IsEqual(0.0))
                return 0.0;
            double d1 = Math.Log(forward / strike) / stdDev + .5 * stdDev;
            return discount * forward * new CumulativeNormalDistribution().derivative(d1);
        }

    }

    public partial class NormalDistribution
    {
        protected double average_, sigma_, normalizationFactor_, denominator_, derNormalizationFactor_;

        public NormalDistribution() : this(0.0, 1.0) { }

        public NormalDistribution(double average, double sigma)
        {
            Utils.QL_REQUIRE(sigma > 0.0, () => "sigma must be greater than 0.0 (" + sigma + " not allowed)");
            average_ = average;
            sigma_ = sigma;
            normalizationFactor_ = Const.M_SQRT_2 * Const.M_1_SQRTPI / sigma_;
            derNormalizationFactor_ = sigma_ * sigma_;
            denominator_ = 2.0 * derNormalizationFactor_;
        }

        [Differentiable]
        public double value(double x)
        {
            double deltax = x - average_;
            double exponent = -(deltax * deltax) / denominator_;
            return exponent <= -690.0 ? 0.0 : normalizationFactor_ * Math.Exp(exponent);
        }

        [Differentiable]
        public double derivative(double x) => (value(x) * (average_ - x)) / derNormalizationFactor_;
    }

    public partial class CumulativeNormalDistribution
    {
        private readonly double average_, sigma_;
        private readonly NormalDistribution gaussian_ = new NormalDistribution();

        public CumulativeNormalDistribution() : this(0.0, 1.0) { }

        public CumulativeNormalDistribution(double average, double sigma)
        {
            Utils.QL_REQUIRE(sigma > 0.0, () => "sigma must be greater than 0.0 (" + sigma + " not allowed)");
            average_ = average;
            sigma_ = sigma;
        }

        [Differentiable]
        public double value(double z)
        {
            z = (z - average_) / sigma_;
            double result = 0.5 * (1.0 + ErrorFunction.value(z * Const.M_SQRT_2));
            if (result <= 1e-8)
            {
                double sum = 1.0, zsqr = z * z, i = 1.0, g = 1.0, x, y, a = double.MaxValue, lasta;
                do
                {
                    lasta = a;
                    x = (4.0 * i - 3.0) / zsqr;
                    y = x * ((4.0 * i - 1) / zsqr);
                    a = g * (x - y);
                    sum -= a;
                    g *= y;
                    ++i;
                    a = Math.Abs(a);
                }
                while (lasta > a && a >= Math.Abs(sum * Const.QL_EPSILON));
                result = -gaussian_.value(z) / z * sum;
            }

            return result;
        }

        [Differentiable]
        public double derivative(double x)
        {
            double xn = (x - average_) / sigma_;
            return gaussian_.value(xn) / sigma_;
        }
    }

    public partial class InverseCumulativeNormal
    {
        private readonly double average_, sigma_;
        private const double a1_ = -3.969683028665376e+01, a2_ = 2.209460984245205e+02, a3_ = -2.759285104469687e+02, a4_ = 1.383577518672690e+02, a5_ = -3.066479806614716e+01, a6_ = 2.506628277459239e+00;
        private const double b1_ = -5.447609879822406e+01, b2_ = 1.615858368580409e+02, b3_ = -1.556989798598866e+02, b4_ = 6.680131188771972e+01, b5_ = -1.328068155288572e+01;
        private const double c1_ = -7.784894002430293e-03, c2_ = -3.223964580411365e-01, c3_ = -2.400758277161838e+00, c4_ = -2.549732539343734e+00, c5_ = 4.374664141464968e+00, c6_ = 2.938163982698783e+00;
        private const double d1_ = 7.784695709041462e-03, d2_ = 3.224671290700398e-01, d3_ = 2.445134137142996e+00, d4_ = 3.754408661907416e+00;
        private const double x_low_ = 0.02425;
        private const double x_high_ = 1.0 - x_low_;

        public InverseCumulativeNormal(double average = 0.0, double sigma = 1.0)
        {
            average_ = average;
            sigma_ = sigma;
            Utils.QL_REQUIRE(sigma_ > 0.0, () => "sigma must be greater than 0.0 (" + sigma_ + " not allowed)");
        }

        [Differentiable]
        public double value(double x) => average_ + sigma_ * standard_value(x);

        [Differentiable]
        public static double standard_value(double x)
        {
            double z;
            if (x < x_low_ || x_high_ < x)
            {
                z = tail_value(x);
            }
            else
            {
                z = x - 0.5;
                double r = z * z;
                z = (((((a1_ * r + a2_) * r + a3_) * r + a4_) * r + a5_) * r + a6_) * z /
                    (((((b1_ * r + b2_) * r + b3_) * r + b4_) * r + b5_) * r + 1.0);
            }

            return z;
        }

        [Differentiable]
        private static double tail_value(double x)
        {
            if (x <= 0.0 || x >= 1.0)
            {
                if (Utils.close_enough(x, 1.0))
                    return double.MaxValue;
                if (Math.Abs(x) < Const.QL_EPSILON)
                    return double.MinValue;
                Utils.QL_FAIL("InverseCumulativeNormal(" + x + ") undefined: must be 0 < x < 1");
            }

            double z;
            if (x < x_low_)
            {
                z = Math.Sqrt(-2.0 * Math.Log(x));
                z = (((((c1_ * z + c2_) * z + c3_) * z + c4_) * z + c5_) * z + c6_) / ((((d1_ * z + d2_) * z + d3_) * z + d4_) * z + 1.0);
            }
            else
            {
                z = Math.Sqrt(-2.0 * Math.Log(1.0 - x));
                z = -(((((c1_ * z + c2_) * z + c3_) * z + c4_) * z + c5_) * z + c6_) / ((((d1_ * z + d2_) * z + d3_) * z + d4_) * z + 1.0);
            }

            return z;
        }
    }

    public static partial class ErrorFunction
    {
        private const double erx = 8.45062911510467529297e-01, efx = 1.28379167095512586316e-01, efx8 = 1.02703333676410069053e+00;
        private const double pp0 = 1.28379167095512558561e-01, pp1 = -3.25042107247001499370e-01, pp2 = -2.84817495755985104766e-02, pp3 = -5.77027029648944159157e-03, pp4 = -2.37630166566501626084e-05;
        private const double qq1 = 3.97917223959155352819e-01, qq2 = 6.50222499887672944485e-02, qq3 = 5.08130628187576562776e-03, qq4 = 1.32494738004321644526e-04, qq5 = -3.96022827877536812320e-06;
        private const double pa0 = -2.36211856075265944077e-03, pa1 = 4.14856118683748331666e-01, pa2 = -3.72207876035701323847e-01, pa3 = 3.18346619901161753674e-01, pa4 = -1.10894694282396677476e-01, pa5 = 3.54783043256182359371e-02, pa6 = -2.16637559486879084300e-03;
        private const double qa1 = 1.06420880400844228286e-01, qa2 = 5.40397917702171048937e-01, qa3 = 7.18286544141962662868e-02, qa4 = 1.26171219808761642112e-01, qa5 = 1.36370839120290507362e-02, qa6 = 1.19844998467991074170e-02;

        [Differentiable]
        public static double value(double x)
        {
            double R, S, P, Q, s, z, r, ax;
            if (!(Math.Abs(x) <= double.MaxValue))
            {
                if (double.IsNaN(x)) return x;
                return x > 0 ? 1 : -1;
            }

            ax = Math.Abs(x);
            if (ax < 0.84375)
            {
                if (ax < 3.7252902984e-09)
                {
                    if (ax < double.MinValue * 16)
                        return 0.125 * (8.0 * x + efx8 * x);
                    return x + efx * x;
                }

                z = x * x;
                r = pp0 + z * (pp1 + z * (pp2 + z * (pp3 + z * pp4)));
                s = 1.0 + z * (qq1 + z * (qq2 + z * (qq3 + z * (qq4 + z * qq5))));
                double y = r / s;
                return x + x * y;
            }

            if (ax < 1.25)
            {
                s = ax - 1.0;
                P = pa0 + s * (pa1 + s * (pa2 + s * (pa3 + s * (pa4 + s * (pa5 + s * pa6)))));
                Q = 1.0 + s * (qa1 + s * (qa2 + s * (qa3 + s * (qa4 + s * (qa5 + s * qa6)))));
                return x >= 0 ? erx + P / Q : -erx - P / Q;
            }

            if (ax >= 6)
            {
                return x >= 0 ? 1.0 - double.Epsilon : double.Epsilon - 1.0;
            }

            s = 1.0 / (ax * ax);
            R = 0.5 * s;
            S = 1.0 + s;
            r = Math.Exp(-ax * ax - 0.5625) * Math.Exp(-R / S);
            return x >= 0 ? 1.0 - r / ax : r / ax - 1.0;
        }
    }

    public partial class GammaFunction
    {
        private const double c1_ = 76.18009172947146, c2_ = -86.50532032941677, c3_ = 24.01409824083091, c4_ = -1.231739572450155, c5_ = 0.1208650973866179e-2, c6_ = -0.5395239384953e-5;

        [Differentiable]
        public double logValue(double x) => logValueStatic(x);

        [Differentiable]
        public static double logValueStatic(double x)
        {
            Utils.QL_REQUIRE(x > 0.0, () => "positive argument required");
            double temp = x + 5.5;
            temp -= (x + 0.5) * Math.Log(temp);
            double ser = 1.000000000190015;
            ser += c1_ / (x + 1.0);
            ser += c2_ / (x + 2.0);
            ser += c3_ / (x + 3.0);
            ser += c4_ / (x + 4.0);
            ser += c5_ / (x + 5.0);
            ser += c6_ / (x + 6.0);
            return -temp + Math.Log(2.5066282746310005 * ser / x);
        }

        [Differentiable]
        public double value(double x)
        {
            if (x >= 1.0)
            {
                return Math.Exp(logValue(x));
            }

            if (x > -20.0)
            {
                return value(x + 1.0) / x;
            }

            return -Const.M_PI / (value(-x) * x * Math.Sin(Const.M_PI * x));
        }
    }

    public partial class GammaDistribution
    {
        private readonly double a_;

        public GammaDistribution(double a)
        {
            Utils.QL_REQUIRE(a > 0.0, () => "invalid parameter for gamma distribution");
            a_ = a;
        }

        [Differentiable]
        public double value(double x)
        {
            if (x <= 0.0) return 0.0;
            double gln = new GammaFunction().logValue(a_);
            if (x < (a_ + 1.0))
            {
                double ap = a_, del = 1.0 / a_, sum = del;
                for (int n = 1; n <= 100; n++)
                {
                    ap += 1.0;
                    del *= x / ap;
                    sum += del;
                    if (Math.Abs(del) < Math.Abs(sum) * 3.0e-7)
                        return sum * Math.Exp(-x + a_ * Math.Log(x) - gln);
                }
            }
            else
            {
                double b = x + 1.0 - a_, c = double.MaxValue, d = 1.0 / b, h = d;
                for (int n = 1; n <= 100; n++)
                {
                    double an = -1.0 * n * (n - a_);
                    b += 2.0;
                    d = an * d + b;
                    if (Math.Abs(d) < Const.QL_EPSILON) d = Const.QL_EPSILON;
                    c = b + an / c;
                    if (Math.Abs(c) < Const.QL_EPSILON) c = Const.QL_EPSILON;
                    d = 1.0 / d;
                    double del = d * c;
                    h *= del;
                    if (Math.Abs(del - 1.0) < Const.QL_EPSILON)
                        return 1.0 - h * Math.Exp(-x + a_ * Math.Log(x) - gln);
                }
            }

            Utils.QL_FAIL("too few iterations");
            return 0;
        }
    }

    public partial class ChiSquareDistribution
    {
        private readonly double df_;

        public ChiSquareDistribution(double df) { df_ = df; }

        [Differentiable]
        public double value(double x) => new GammaDistribution(0.5 * df_).value(0.5 * x);
    }

    public partial class NonCentralChiSquareDistribution
    {
        private readonly double df_, ncp_;

        public NonCentralChiSquareDistribution(double df, double ncp) { df_ = df; ncp_ = ncp; }

        [Differentiable]
        public double value(double x)
        {
            if (x <= 0.0) return 0.0;
            const double errmax = 1e-12;
            const int itrmax = 10000;
            double lam = .5 * ncp_;
            double u = Math.Exp(-lam);
            double v = u;
            double x2 = .5 * x;
            double f2 = .5 * df_;
            double f_x_2n = df_ - x;
            double t;
            if (f2 * Const.QL_EPSILON > 0.125 && Math.Abs(x2 - f2) < Math.Sqrt(Const.QL_EPSILON) * f2)
            {
                t = Math.Exp((1 - t0(x2, f2)) * (2 - t0(x2, f2) / (f2 + 1))) / Math.Sqrt(2.0 * Const.M_PI * (f2 + 1.0));
            }
            else
            {
                t = Math.Exp(f2 * Math.Log(x2) - x2 - GammaFunction.logValueStatic(f2 + 1));
            }

            double ans = v * t;
            bool flag = false;
            int n = 1;
            double f_2n = df_ + 2.0;
            f_x_2n += 2.0;
            double bound;
            for (; ; )
            {
                if (f_x_2n > 0)
                {
                    flag = true;
                    bound = t * x / f_x_2n;
                    if (bound <= errmax || n > itrmax)
                        break;
                }

                u *= lam / n;
                v += u;
                t *= x / f_2n;
                ans += v * t;
                n++;
                f_2n += 2.0;
                f_x_2n += 2.0;
                if (!flag && n <= itrmax)
                    continue;
                break;
            }

            return ans;
        }

        [Differentiable]
        private static double t0(double x2, double f2) => x2 / f2;
    }

    public partial class BivariateCumulativeNormalDistributionWe04DP
    {
        private readonly double correlation_;
        private readonly CumulativeNormalDistribution cumnorm_ = new CumulativeNormalDistribution();
        private static readonly double[] x6 = { -0.9324695142031522, -0.6612093864662647, -0.2386191860831970 };
        private static readonly double[] w6 = { 0.1713244923791705, 0.3607615730481384, 0.4679139345726904 };

        public BivariateCumulativeNormalDistributionWe04DP(double rho)
        {
            correlation_ = rho;
            Utils.QL_REQUIRE(rho >= -1.0, () => "invalid correlation coefficient: " + rho);
            Utils.QL_REQUIRE(rho <= 1.0, () => "invalid correlation coefficient: " + rho);
        }

        [Differentiable]
        public double value(double x, double y)
        {
            double h = -x, k = -y, hk = h * k, bvn = 0.0;
            double hs = (h * h + k * k) / 2;
            double asr = Math.Asin(correlation_);
            for (int i = 0; i < 3; i++)
            {
                double sn = Math.Sin(asr * (x6[i] + 1) / 2);
                bvn += w6[i] * Math.Exp((sn * hk - hs) / (1.0 - sn * sn));
                sn = Math.Sin(asr * (-x6[i] + 1) / 2);
                bvn += w6[i] * Math.Exp((sn * hk - hs) / (1.0 - sn * sn));
            }

            return bvn * asr / (4.0 * Const.M_PI) + cumnorm_.value(-h) * cumnorm_.value(-k);
        }
    }

    public partial class PoissonDistribution
    {
        private readonly double mu_;
        private readonly double logMu_;

        public PoissonDistribution(double mu)
        {
            Utils.QL_REQUIRE(mu >= 0.0, () => "mu must be non negative (" + mu + " not allowed)");
            mu_ = mu;
            if (mu_.IsNotEqual(0.0)) logMu_ = Math.Log(mu_);
        }

        [Differentiable]
        public double value(int k)
        {
            if (mu_.IsEqual(0.0)) return k == 0 ? 1.0 : 0.0;
            double logFactorial = Factorial.ln(k);
            return Math.Exp(k * Math.Log(mu_) - logFactorial - mu_);
        }
    }

    public static partial class Factorial
    {
        private static readonly double[] firstFactorials = { 1.0, 1.0, 2.0, 6.0, 24.0, 120.0, 720.0, 5040.0, 40320.0, 362880.0, 3628800.0 };

        [Differentiable]
        public static double get(int i)
        {
            if (i <= firstFactorials.Length - 1) return firstFactorials[i];
            return Math.Exp(GammaFunction.logValueStatic(i + 1));
        }

        [Differentiable]
        public static double ln(int i)
        {
            if (i <= firstFactorials.Length - 1) return Math.Log(firstFactorials[i]);
            return GammaFunction.logValueStatic(i + 1);
        }
    }

    internal static partial class DoubleExtensions
    {
        [Differentiable]
        public static double Squared(this double x) => x * x;

        public static bool IsEqual(this double x, double y) => Utils.close_enough(x, y);

        public static bool IsNotEqual(this double x, double y) => !Utils.close_enough(x, y);
    }

    // ---- integrators, solvers, interpolations, payoffs and calculators ----

    public abstract partial class Integrator
    {
        protected double absoluteAccuracy_;
        protected int maxEvaluations_;
        protected int evaluations_;

        protected Integrator(double absoluteAccuracy, int maxEvaluations)
        {
            absoluteAccuracy_ = absoluteAccuracy;
            maxEvaluations_ = maxEvaluations;
        }

        [Differentiable]
        public double value(Func<double, double> f, double a, double b)
        {
            evaluations_ = 0;
            if (a.Equals(b)) return 0.0;
            if (b > a) return integrate(f, a, b);
            return -integrate(f, b, a);
        }

        [Differentiable]
        public double absoluteAccuracy() => absoluteAccuracy_;

        [Differentiable]
        protected abstract double integrate(Func<double, double> f, double a, double b);
    }

    public partial class TrapezoidIntegral : Integrator
    {
        public TrapezoidIntegral(double accuracy, int maxIterations) : base(accuracy, maxIterations) { }

        [Differentiable]
        protected override double integrate(Func<double, double> f, double a, double b)
        {
            int N = 1;
            double I = (f(a) + f(b)) * (b - a) / 2.0, newI;
            int i = 1;
            do
            {
                newI = refine(f, a, b, I, N);
                N *= 2;
                if (Math.Abs(I - newI) <= absoluteAccuracy_ && i > 5)
                    return newI;
                I = newI;
                i++;
            }
            while (i < maxEvaluations_);
            throw new InvalidOperationException("max number of iterations reached");
        }

        [Differentiable]
        private static double refine(Func<double, double> f, double a, double b, double I, int N)
        {
            double sum = 0.0, dx = (b - a) / N;
            double x = a + dx / 2.0;
            for (int i = 0; i < N; x += dx, ++i)
                sum += f(x);
            return (I + dx * sum) / 2.0;
        }
    }

    public partial class SegmentIntegral : Integrator
    {
        private readonly int intervals_;

        public SegmentIntegral(int intervals) : base(1, 1)
        {
            Utils.QL_REQUIRE(intervals > 0, () => "at least 1 interval needed, 0 given");
            intervals_ = intervals;
        }

        [Differentiable]
        protected override double integrate(Func<double, double> f, double a, double b)
        {
            if (a.Equals(b)) return 0.0;
            double dx = (b - a) / intervals_;
            double sum = 0.5 * (f(a) + f(b));
            double end = b - 0.5 * dx;
            for (double x = a + dx; x < end; x += dx)
                sum += f(x);
            return sum * dx;
        }
    }

    public partial class GaussLegendreIntegration
    {
        private readonly double[] x_;
        private readonly double[] w_;

        public GaussLegendreIntegration(double[] nodes, double[] weights) { x_ = nodes; w_ = weights; }

        [Differentiable]
        public double value(Func<double, double> f)
        {
            double sum = 0.0;
            for (int i = order() - 1; i >= 0; --i)
                sum += w_[i] * f(x_[i]);
            return sum;
        }

        public int order() => x_.Length;
    }

    public interface ISolver1d
    {
        double value(double v);
        double derivative(double x);
    }

    public abstract partial class Solver1D
    {
        protected double root_, xMin_, xMax_, fxMin_, fxMax_;
        protected int maxEvaluations_ = 100;
        protected int evaluationNumber_;

        [Differentiable]
        public double solve(ISolver1d f, double accuracy, double guess, double step)
        {
            Utils.QL_REQUIRE(accuracy > 0.0, () => "accuracy (" + accuracy + ") must be positive");
            accuracy = Math.Max(accuracy, Const.QL_EPSILON);
            const double growthFactor = 1.6;
            int flipflop = -1;
            root_ = guess;
            fxMax_ = f.value(root_);
            if (fxMax_.IsEqual(0.0)) return root_;
            else if (fxMax_ > 0.0)
            {
                xMin_ = root_ - step;
                fxMin_ = f.value(xMin_);
                xMax_ = root_;
            }
            else
            {
                xMin_ = root_;
                fxMin_ = fxMax_;
                xMax_ = root_ + step;
                fxMax_ = f.value(xMax_);
            }

            evaluationNumber_ = 2;
            while (evaluationNumber_ <= maxEvaluations_)
            {
                if (fxMin_ * fxMax_ <= 0.0)
                {
                    if (fxMin_.IsEqual(0.0)) return xMin_;
                    if (fxMax_.IsEqual(0.0)) return xMax_;
                    root_ = (xMax_ + xMin_) / 2.0;
                    return solveImpl(f, accuracy);
                }

                if (Math.Abs(fxMin_) < Math.Abs(fxMax_))
                {
                    xMin_ = xMin_ + growthFactor * (xMin_ - xMax_);
                    fxMin_ = f.value(xMin_);
                }
                else if (Math.Abs(fxMin_) > Math.Abs(fxMax_))
                {
                    xMax_ = xMax_ + growthFactor * (xMax_ - xMin_);
                    fxMax_ = f.value(xMax_);
                }
                else if (flipflop == -1)
                {
                    xMin_ = xMin_ + growthFactor * (xMin_ - xMax_);
                    fxMin_ = f.value(xMin_);
                    evaluationNumber_++;
                    flipflop = 1;
                }
                else if (flipflop == 1)
                {
                    xMax_ = xMax_ + growthFactor * (xMax_ - xMin_);
                    fxMax_ = f.value(xMax_);
                    flipflop = -1;
                }

                evaluationNumber_++;
            }

            Utils.QL_FAIL("unable to bracket root in " + maxEvaluations_ + " function evaluations");
            return 0;
        }

        [Differentiable]
        protected abstract double solveImpl(ISolver1d f, double xAccuracy);
    }

    public partial class Bisection : Solver1D
    {
        [Differentiable]
        protected override double solveImpl(ISolver1d f, double xAccuracy)
        {
            double dx, xMid, fMid;
            if (fxMin_ < 0.0)
            {
                dx = xMax_ - xMin_;
                root_ = xMin_;
            }
            else
            {
                dx = xMin_ - xMax_;
                root_ = xMax_;
            }

            while (evaluationNumber_ <= maxEvaluations_)
            {
                dx /= 2.0;
                xMid = root_ + dx;
                fMid = f.value(xMid);
                ++evaluationNumber_;
                if (fMid <= 0.0) root_ = xMid;
                if (Math.Abs(dx) < xAccuracy || fMid.IsEqual(0.0)) return root_;
            }

            Utils.QL_FAIL("maximum number of function evaluations (" + maxEvaluations_ + ") exceeded");
            return 0;
        }
    }

    public partial class Newton : Solver1D
    {
        [Differentiable]
        protected override double solveImpl(ISolver1d f, double xAccuracy)
        {
            double froot = f.value(root_), dfroot = f.derivative(root_);
            Utils.QL_REQUIRE(!double.IsNaN(dfroot), () => "Newton requires function's derivative");
            ++evaluationNumber_;
            while (evaluationNumber_ <= maxEvaluations_)
            {
                double dx = froot / dfroot;
                root_ -= dx;
                if ((xMin_ - root_) * (root_ - xMax_) < 0.0)
                    Utils.QL_FAIL("Newton: root jumped out of range");
                if (Math.Abs(dx) < xAccuracy) return root_;
                froot = f.value(root_);
                dfroot = f.derivative(root_);
                evaluationNumber_++;
            }

            Utils.QL_FAIL("maximum number of function evaluations exceeded");
            return 0;
        }
    }

    public abstract partial class Interpolation
    {
        protected List<double> xBegin_, yBegin_;
        protected int size_;

        protected Interpolation(List<double> xBegin, int size, List<double> yBegin)
        {
            xBegin_ = xBegin;
            yBegin_ = yBegin;
            size_ = size;
            Utils.QL_REQUIRE(size >= 2, () => "not enough points to interpolate: at least 2 required, " + size + " provided");
        }

        [Differentiable]
        public double xMin() => xBegin_.First();

        [Differentiable]
        public double xMax() => xBegin_[size_ - 1];

        protected int locate(double x)
        {
            int result = xBegin_.BinarySearch(x);
            if (result < 0) result = ~result - 1;
            return Math.Max(Math.Min(result, size_ - 2), 0);
        }

        [Differentiable]
        public double value(double x, bool allowExtrapolation = false)
        {
            checkRange(x, allowExtrapolation);
            return value(x);
        }

        [Differentiable]
        public abstract double value(double x);

        [Differentiable]
        public abstract double derivative(double x);

        private void checkRange(double x, bool extrapolate)
        {
            Utils.QL_REQUIRE(extrapolate || (x >= xMin() && x <= xMax()), () => "interpolation range is [" + xMin() + ", " + xMax() + "]: extrapolation at " + x + " not allowed");
        }
    }

    public partial class LinearInterpolation : Interpolation
    {
        private readonly List<double> primitiveConst_, s_;

        public LinearInterpolation(List<double> xBegin, int size, List<double> yBegin) : base(xBegin, size, yBegin)
        {
            primitiveConst_ = new List<double>(new double[size]);
            s_ = new List<double>(new double[size]);
            for (int i = 1; i < size; ++i)
            {
                double dx = xBegin_[i] - xBegin_[i - 1];
                s_[i - 1] = (yBegin_[i] - yBegin_[i - 1]) / dx;
                primitiveConst_[i] = primitiveConst_[i - 1] + dx * (yBegin_[i - 1] + 0.5 * dx * s_[i - 1]);
            }
        }

        [Differentiable]
        public override double value(double x)
        {
            int i = locate(x);
            return yBegin_[i] + (x - xBegin_[i]) * s_[i];
        }

        [Differentiable]
        public double primitive(double x)
        {
            int i = locate(x);
            double dx = x - xBegin_[i];
            return primitiveConst_[i] + dx * (yBegin_[i] + 0.5 * dx * s_[i]);
        }

        [Differentiable]
        public override double derivative(double x) => s_[locate(x)];

        [Differentiable]
        public double secondDerivative(double x) => 0.0;
    }

    public partial class LogLinearInterpolation : Interpolation
    {
        private readonly LinearInterpolation interpolation_;

        public LogLinearInterpolation(List<double> xBegin, int size, List<double> yBegin) : base(xBegin, size, yBegin)
        {
            interpolation_ = new LinearInterpolation(xBegin, size, yBegin.Select(y => Math.Log(y)).ToList());
        }

        [Differentiable]
        public override double value(double x) => Math.Exp(interpolation_.value(x, true));

        [Differentiable]
        public override double derivative(double x) => value(x) * interpolation_.derivative(x);
    }

    public static partial class PayoffFunctions
    {
        [Differentiable]
        public static double Intrinsic(int type, double strike, double price)
        {
            switch (type)
            {
                case 1:
                    return Math.Max(price - strike, 0.0);
                case -1:
                    return Math.Max(strike - price, 0.0);
                default:
                    throw new ArgumentException("unknown/illegal option type");
            }
        }

        [Differentiable]
        public static double CashOrNothing(int type, double strike, double cash, double price)
        {
            return type switch
            {
                1 => price - strike > 0.0 ? cash : 0.0,
                -1 => strike - price > 0.0 ? cash : 0.0,
                _ => throw new ArgumentException("unknown/illegal option type"),
            };
        }

        [Differentiable]
        public static double SuperShare(double strike, double secondStrike, double cashPayoff, double price)
        {
            Utils.QL_REQUIRE(secondStrike > strike, () => "second strike (" + secondStrike + ") must be higher than first strike (" + strike + ")");
            return (price >= strike && price < secondStrike) ? price / strike : 0.0;
        }

        [Differentiable]
        public static double Gap(int type, double strike, double secondStrike, double price)
        {
            return type == 1 ? (price - strike >= 0.0 ? price - secondStrike : 0.0) : (strike - price >= 0.0 ? secondStrike - price : 0.0);
        }
    }

    public partial class BlackCalculator
    {
        private readonly double strike_, forward_, stdDev_, discount_;
        private double d1_, d2_, cum_d1_, cum_d2_, n_d1_, n_d2_;

        public BlackCalculator(double strike, double forward, double stdDev, double discount = 1.0)
        {
            strike_ = strike;
            forward_ = forward;
            stdDev_ = stdDev;
            discount_ = discount;
            Utils.QL_REQUIRE(forward > 0.0, () => "positive forward value required: " + forward + " not allowed");
            Utils.QL_REQUIRE(stdDev >= 0.0, () => "non-negative standard deviation required: " + stdDev + " not allowed");
            Utils.QL_REQUIRE(discount > 0.0, () => "positive discount required: " + discount + " not allowed");
            var f = new CumulativeNormalDistribution();
            d1_ = Math.Log(forward_ / strike_) / stdDev_ + 0.5 * stdDev_;
            d2_ = d1_ - stdDev_;
            cum_d1_ = f.value(d1_);
            cum_d2_ = f.value(d2_);
            n_d1_ = f.derivative(d1_);
            n_d2_ = f.derivative(d2_);
        }

        [Differentiable] public double value() => discount_ * (forward_ * cum_d1_ - strike_ * cum_d2_);
        [Differentiable] public double deltaForward() => discount_ * cum_d1_;
        [Differentiable] public double delta(double spot) => deltaForward() * forward_ / spot;
        [Differentiable] public double gammaForward() => discount_ * n_d1_ / (forward_ * stdDev_);
        [Differentiable] public double vega(double maturity) => discount_ * forward_ * n_d1_ * Math.Sqrt(maturity);
        [Differentiable] public double theta(double spot, double maturity) => -(Math.Log(discount_) * value() + 0.5 * vega(maturity) * stdDev_ / maturity) / maturity + 0 * spot;
        [Differentiable] public double itmCashProbability() => cum_d2_;
        [Differentiable] public double itmAssetProbability() => cum_d1_;
        [Differentiable] public double strikeSensitivity() => -discount_ * cum_d2_;
        [Differentiable] public double elasticityForward() => deltaForward() * forward_ / value();
        [Differentiable] public double vanna(double maturity) => -discount_ * n_d1_ * d2_ / stdDev_ * Math.Sqrt(maturity);
        [Differentiable] public double volga(double maturity) => discount_ * forward_ * n_d1_ * Math.Sqrt(maturity) * d1_ * d2_ / stdDev_;
    }

    public static partial class Rounding
    {
        [Differentiable]
        public static double Round(double value, int precision, int digit = 5)
        {
            double mult = Math.Pow(10.0, precision);
            bool neg = value < 0.0;
            double lvalue = Math.Abs(value) * mult;
            double integral = Math.Truncate(lvalue);
            double modVal = lvalue - integral;
            lvalue -= modVal;
            if (modVal >= (digit / 10.0))
                lvalue += 1.0;
            lvalue /= mult;
            return neg ? -lvalue : lvalue;
        }
    }
}
