// DiffGen corpus — physics formulas and small simulations written in the style of a physics library (see ../../NOTICE.md).
using System;
using DiffGen;

namespace Corpus.Physics
{
    public static partial class Constants
    {
        public const double G = 6.67430e-11;
        public const double SpeedOfLight = 299792458.0;
        public const double Boltzmann = 1.380649e-23;
        public const double Planck = 6.62607015e-34;
        public const double StandardGravity = 9.80665;
        public static readonly double GasConstant = 8.314462618;
        public static readonly double StefanBoltzmann = 5.670374419e-8;
    }

    public static partial class Mechanics
    {
        [Differentiable] public static double KineticEnergy(double m, double v) => 0.5 * m * v * v;
        [Differentiable] public static double PotentialEnergy(double m, double h) => m * Constants.StandardGravity * h;
        [Differentiable] public static double SpringEnergy(double k, double x) => 0.5 * k * x * x;
        [Differentiable] public static double GravitationalForce(double m1, double m2, double r) => Constants.G * m1 * m2 / (r * r);
        [Differentiable] public static double Momentum(double m, double v) => m * v;
        [Differentiable] public static double RelativisticGamma(double v) => 1.0 / Math.Sqrt(1.0 - v * v / (Constants.SpeedOfLight * Constants.SpeedOfLight));
        [Differentiable] public static double ProjectileRange(double v, double angle) => v * v * Math.Sin(2 * angle) / Constants.StandardGravity;
        [Differentiable] public static double ProjectileHeight(double v, double angle, double t) => v * Math.Sin(angle) * t - 0.5 * Constants.StandardGravity * t * t;
        [Differentiable] public static double PendulumPeriod(double length) => 2 * Math.PI * Math.Sqrt(length / Constants.StandardGravity);
        [Differentiable] public static double PendulumPeriodLarge(double length, double theta0)
        {
            double k = Math.Sin(theta0 / 2);
            double sum = 1.0, term = 1.0;
            for (int n = 1; n < 20; n++)
            {
                double f = (2.0 * n - 1) / (2.0 * n);
                term *= f * f * k * k;
                sum += term;
            }
            return 2 * Math.PI * Math.Sqrt(length / Constants.StandardGravity) * sum;
        }
        [Differentiable] public static double DampedOscillator(double t, double a, double zeta, double omega)
        {
            double wd = omega * Math.Sqrt(1 - zeta * zeta);
            return a * Math.Exp(-zeta * omega * t) * Math.Cos(wd * t);
        }
        [Differentiable] public static double DragForce(double rho, double v, double cd, double area) => 0.5 * rho * v * v * cd * area;
        [Differentiable] public static double TerminalVelocity(double m, double rho, double cd, double area) => Math.Sqrt(2 * m * Constants.StandardGravity / (rho * cd * area));
        [Differentiable] public static double OrbitalVelocity(double mass, double r) => Math.Sqrt(Constants.G * mass / r);
        [Differentiable] public static double EscapeVelocity(double mass, double r) => Math.Sqrt(2 * Constants.G * mass / r);
        [Differentiable] public static double KeplerPeriod(double a, double mass) => 2 * Math.PI * Math.Sqrt(a * a * a / (Constants.G * mass));
        [Differentiable] public static double VisViva(double mu, double r, double a) => Math.Sqrt(mu * (2 / r - 1 / a));
        [Differentiable] public static double LennardJones(double r, double epsilon, double sigma)
        {
            double sr6 = Math.Pow(sigma / r, 6);
            return 4 * epsilon * (sr6 * sr6 - sr6);
        }
        [Differentiable] public static double Morse(double r, double de, double a, double re)
        {
            double e = 1 - Math.Exp(-a * (r - re));
            return de * e * e;
        }
        [Differentiable] public static double Coulomb(double q1, double q2, double r) => 8.9875517923e9 * q1 * q2 / r;
        [Differentiable] public static double PairEnergy(double[] pos, double epsilon, double sigma)
        {
            int n = pos.Length / 3;
            double e = 0;
            for (int i = 0; i < n; i++)
            {
                for (int j = i + 1; j < n; j++)
                {
                    double dx = pos[3 * i] - pos[3 * j], dy = pos[3 * i + 1] - pos[3 * j + 1], dz = pos[3 * i + 2] - pos[3 * j + 2];
                    double r2 = dx * dx + dy * dy + dz * dz;
                    double s6 = Math.Pow(sigma * sigma / r2, 3);
                    e += 4 * epsilon * (s6 * s6 - s6);
                }
            }
            return e;
        }
        [Differentiable] public static double SpringChainEnergy(double[] x, double k, double rest)
        {
            double e = 0;
            for (int i = 0; i + 1 < x.Length; i++)
            {
                double d = x[i + 1] - x[i] - rest;
                e += 0.5 * k * d * d;
            }
            return e;
        }
        [Differentiable] public static double EulerFall(double v0, double drag, double dt, int steps)
        {
            double v = v0;
            for (int i = 0; i < steps; i++) v += dt * (Constants.StandardGravity - drag * v * v);
            return v;
        }
        [Differentiable] public static double VerletOscillator(double x0, double v0, double omega, double dt, int steps)
        {
            double x = x0, v = v0;
            double a = -omega * omega * x;
            for (int i = 0; i < steps; i++)
            {
                x += v * dt + 0.5 * a * dt * dt;
                double aNew = -omega * omega * x;
                v += 0.5 * (a + aNew) * dt;
                a = aNew;
            }
            return x;
        }
        [Differentiable] public static double Rk4Decay(double y0, double k, double h, int steps)
        {
            double y = y0;
            for (int i = 0; i < steps; i++)
            {
                double k1 = -k * y;
                double k2 = -k * (y + 0.5 * h * k1);
                double k3 = -k * (y + 0.5 * h * k2);
                double k4 = -k * (y + h * k3);
                y += h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            }
            return y;
        }
        [Differentiable] public static double ElasticCollisionV1(double m1, double m2, double u1, double u2) => ((m1 - m2) * u1 + 2 * m2 * u2) / (m1 + m2);
        [Differentiable] public static double RestitutionSpeed(double e, double u1, double u2) => -e * (u1 - u2);
        [Differentiable] public static double RollingCylinderAccel(double angle) => 2.0 / 3.0 * Constants.StandardGravity * Math.Sin(angle);
        [Differentiable] public static double CentripetalForce(double m, double v, double r) => m * v * v / r;
        [Differentiable] public static double Torque(double r, double f, double angle) => r * f * Math.Sin(angle);
        [Differentiable] public static double MomentOfInertiaRod(double m, double l) => m * l * l / 12.0;
        [Differentiable] public static double ReducedMass(double m1, double m2) => m1 * m2 / (m1 + m2);
        [Differentiable] public static double TsiolkovskyDeltaV(double isp, double m0, double mf) => isp * Constants.StandardGravity * Math.Log(m0 / mf);
    }

    public static partial class Thermo
    {
        [Differentiable] public static double IdealGasPressure(double n, double t, double v) => n * Constants.GasConstant * t / v;
        [Differentiable] public static double VanDerWaalsPressure(double n, double t, double v, double a, double b) => n * Constants.GasConstant * t / (v - n * b) - a * n * n / (v * v);
        [Differentiable] public static double PlanckRadiance(double lambda, double t)
        {
            double c1 = 2 * Constants.Planck * Constants.SpeedOfLight * Constants.SpeedOfLight;
            double c2 = Constants.Planck * Constants.SpeedOfLight / Constants.Boltzmann;
            return c1 / Math.Pow(lambda, 5) / (Math.Exp(c2 / (lambda * t)) - 1);
        }
        [Differentiable] public static double RadiatedPower(double area, double emissivity, double t) => emissivity * Constants.StefanBoltzmann * area * Math.Pow(t, 4);
        [Differentiable] public static double CarnotEfficiency(double tc, double th) => 1 - tc / th;
        [Differentiable] public static double NewtonCooling(double t0, double tenv, double k, double time) => tenv + (t0 - tenv) * Math.Exp(-k * time);
        [Differentiable] public static double MaxwellBoltzmannPdf(double v, double m, double t)
        {
            double a = m / (2 * Constants.Boltzmann * t);
            return 4 * Math.PI * v * v * Math.Pow(a / Math.PI, 1.5) * Math.Exp(-a * v * v);
        }
        [Differentiable] public static double FermiDirac(double e, double mu, double kt) => 1.0 / (Math.Exp((e - mu) / kt) + 1.0);
        [Differentiable] public static double BoseEinstein(double e, double mu, double kt) => 1.0 / (Math.Exp((e - mu) / kt) - 1.0);
        [Differentiable] public static double AntoineVaporPressure(double t, double a, double b, double c) => Math.Pow(10, a - b / (c + t));
        [Differentiable] public static double ClausiusClapeyron(double p1, double t1, double t2, double l) => p1 * Math.Exp(-l / Constants.GasConstant * (1 / t2 - 1 / t1));
        [Differentiable] public static double HeatConduction1D(double[] temps, double alpha, double dt, int steps)
        {
            int n = temps.Length;
            double[] u = new double[n];
            double[] next = new double[n];
            for (int i = 0; i < n; i++) u[i] = temps[i];
            for (int s = 0; s < steps; s++)
            {
                next[0] = u[0];
                next[n - 1] = u[n - 1];
                for (int i = 1; i < n - 1; i++) next[i] = u[i] + alpha * dt * (u[i - 1] - 2 * u[i] + u[i + 1]);
                for (int i = 0; i < n; i++) u[i] = next[i];
            }
            double total = 0;
            for (int i = 0; i < n; i++) total += u[i] * u[i];
            return total;
        }
    }

    public static partial class Optics
    {
        [Differentiable] public static double SnellAngle(double n1, double n2, double theta1) => Math.Asin(n1 / n2 * Math.Sin(theta1));
        [Differentiable] public static double FresnelReflectanceS(double n1, double n2, double ci, double ct) { double r = (n1 * ci - n2 * ct) / (n1 * ci + n2 * ct); return r * r; }
        [Differentiable] public static double SchlickFresnel(double f0, double cosTheta) => f0 + (1 - f0) * Math.Pow(1 - cosTheta, 5);
        [Differentiable] public static double ThinLensImage(double f, double dObj) => 1.0 / (1.0 / f - 1.0 / dObj);
        [Differentiable] public static double BeerLambert(double i0, double mu, double d) => i0 * Math.Exp(-mu * d);
        [Differentiable] public static double SingleSlit(double beta) => beta == 0 ? 1.0 : Math.Pow(Math.Sin(beta) / beta, 2);
        [Differentiable] public static double GaussianBeamRadius(double w0, double z, double zr) => w0 * Math.Sqrt(1 + (z / zr) * (z / zr));
        [Differentiable] public static double HenyeyGreenstein(double cosTheta, double g) => (1 - g * g) / (4 * Math.PI * Math.Pow(1 + g * g - 2 * g * cosTheta, 1.5));
        [Differentiable] public static double GgxDistribution(double nDotH, double roughness)
        {
            double a2 = roughness * roughness * roughness * roughness;
            double d = nDotH * nDotH * (a2 - 1) + 1;
            return a2 / (Math.PI * d * d);
        }
        [Differentiable] public static double SmithG1(double nDotV, double k) => nDotV / (nDotV * (1 - k) + k);
    }
}
