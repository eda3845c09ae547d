// DiffGen corpus — ODE steppers, in-place kernels and iterative solvers that work through buffers, in the style of a numerics library (see ../../NOTICE.md).
using System;
using System.Linq;
using DiffGen;

namespace Corpus.Numerics
{
    public static partial class OdeKernels
    {
        /// <summary>Right-hand side of the Van der Pol oscillator, written into a caller's buffer.</summary>
        [Differentiable]
        public static void VanDerPol(double t, ReadOnlySpan<double> y, Span<double> dydt, double mu)
        {
            dydt[0] = y[1];
            dydt[1] = mu * (1 - y[0] * y[0]) * y[1] - y[0];
        }

        /// <summary>Right-hand side of a damped pendulum.</summary>
        [Differentiable]
        public static void Pendulum(double t, ReadOnlySpan<double> y, Span<double> dydt, double damping, double length)
        {
            dydt[0] = y[1];
            dydt[1] = -damping * y[1] - 9.81 / length * Math.Sin(y[0]);
        }

        /// <summary>One classical Runge–Kutta step of the Van der Pol system, in place.</summary>
        [Differentiable]
        public static void Rk4Step(double t, Span<double> y, double h, double mu)
        {
            Span<double> k1 = stackalloc double[2];
            Span<double> k2 = stackalloc double[2];
            Span<double> k3 = stackalloc double[2];
            Span<double> k4 = stackalloc double[2];
            Span<double> tmp = stackalloc double[2];
            VanDerPol(t, y, k1, mu);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * h * k1[i];
            VanDerPol(t + 0.5 * h, tmp, k2, mu);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + 0.5 * h * k2[i];
            VanDerPol(t + 0.5 * h, tmp, k3, mu);
            for (int i = 0; i < 2; i++) tmp[i] = y[i] + h * k3[i];
            VanDerPol(t + h, tmp, k4, mu);
            for (int i = 0; i < 2; i++) y[i] += h / 6.0 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
        }

        /// <summary>Integrates Van der Pol with RK4 and returns the final position.</summary>
        [Differentiable]
        public static double VanDerPolPosition(double x0, double v0, double mu, int steps)
        {
            var y = new double[] { x0, v0 };
            double h = 0.05;
            for (int n = 0; n < steps; n++) Rk4Step(n * h, y, h, mu);
            return y[0];
        }

        /// <summary>Explicit Euler on the pendulum with a derivative buffer, returning the energy at the end.</summary>
        [Differentiable]
        public static double PendulumEnergy(double angle, double velocity, double damping, double length)
        {
            var y = new double[] { angle, velocity };
            var slope = new double[2];
            for (int n = 0; n < 20; n++)
            {
                Pendulum(n * 0.01, y, slope, damping, length);
                y[0] += 0.01 * slope[0];
                y[1] += 0.01 * slope[1];
            }

            return 0.5 * length * length * y[1] * y[1] + 9.81 * length * (1 - Math.Cos(y[0]));
        }
    }

    public static partial class BufferKernels
    {
        /// <summary>y = A·x for a row-major n×n matrix, into the caller's buffer.</summary>
        [Differentiable]
        public static void MatVec(ReadOnlySpan<double> a, ReadOnlySpan<double> x, Span<double> y)
        {
            int n = x.Length;
            for (int i = 0; i < n; i++)
            {
                double s = 0;
                for (int j = 0; j < n; j++) s += a[i * n + j] * x[j];
                y[i] = s;
            }
        }

        /// <summary>The Rayleigh quotient xᵀAx / xᵀx through a matrix–vector product into a work array.</summary>
        [Differentiable]
        public static double RayleighQuotient(double[] a, double[] x)
        {
            var ax = new double[x.Length];
            MatVec(a, x, ax);
            double num = 0, den = 0;
            for (int i = 0; i < x.Length; i++)
            {
                num += x[i] * ax[i];
                den += x[i] * x[i];
            }

            return num / den;
        }

        /// <summary>Softmax in place, with the usual max shift.</summary>
        [Differentiable]
        public static void SoftmaxInPlace(Span<double> z)
        {
            double max = z[0];
            for (int i = 1; i < z.Length; i++) max = Math.Max(max, z[i]);
            double sum = 0;
            for (int i = 0; i < z.Length; i++)
            {
                z[i] = Math.Exp(z[i] - max);
                sum += z[i];
            }

            for (int i = 0; i < z.Length; i++) z[i] /= sum;
        }

        /// <summary>Cross-entropy of a softmax computed in a copy of the logits.</summary>
        [Differentiable]
        public static double SoftmaxCrossEntropy(double[] logits, int label)
        {
            var p = (double[])logits.Clone();
            SoftmaxInPlace(p);
            return -Math.Log(p[label % p.Length]);
        }

        /// <summary>Running (prefix) sums into an output buffer, then a weighted total.</summary>
        [Differentiable]
        public static void PrefixSums(ReadOnlySpan<double> x, Span<double> sums)
        {
            double s = 0;
            for (int i = 0; i < x.Length; i++)
            {
                s += x[i];
                sums[i] = s;
            }
        }

        [Differentiable]
        public static double DiscountedCumulative(double[] rewards, double gamma)
        {
            var cumulative = new double[rewards.Length];
            PrefixSums(rewards, cumulative);
            double total = 0, discount = 1;
            for (int i = 0; i < cumulative.Length; i++)
            {
                total += discount * cumulative[i];
                discount *= gamma;
            }

            return total;
        }

        /// <summary>Normalises a vector in place to unit length and returns its former norm.</summary>
        [Differentiable]
        public static double NormalizeInPlace(Span<double> v)
        {
            double norm = 0;
            for (int i = 0; i < v.Length; i++) norm += v[i] * v[i];
            norm = Math.Sqrt(norm);
            for (int i = 0; i < v.Length; i++) v[i] /= norm;
            return norm;
        }

        /// <summary>Power iteration with normalisation in place: the dominant eigenvalue's estimate.</summary>
        [Differentiable]
        public static double PowerIteration(double[] a, double[] start)
        {
            var v = start.ToArray();
            var w = new double[v.Length];
            double lambda = 0;
            NormalizeInPlace(v);
            for (int it = 0; it < 8; it++)
            {
                MatVec(a, v, w);
                lambda = NormalizeInPlace(w);
                var t = v; v = w; w = t;
            }

            return lambda;
        }
    }

    public static partial class IterativeSolvers
    {
        /// <summary>Gauss–Seidel sweeps for a diagonally dominant tridiagonal system; the solution's weighted sum.</summary>
        [Differentiable]
        public static double GaussSeidelTridiagonal(double[] diag, double[] rhs, double off)
        {
            int n = diag.Length;
            var x = new double[n];
            for (int sweep = 0; sweep < 6; sweep++)
            {
                for (int i = 0; i < n; i++)
                {
                    double s = rhs[i];
                    if (i > 0) s -= off * x[i - 1];
                    if (i < n - 1) s -= off * x[i + 1];
                    x[i] = s / (diag[i] + 4);
                }
            }

            double total = 0;
            for (int i = 0; i < n; i++) total += (i + 1) * x[i];
            return total;
        }

        /// <summary>Heat equation, explicit scheme with two buffers swapped each step (a tuple swap).</summary>
        [Differentiable]
        public static double HeatDiffusion(double[] initial, double alpha)
        {
            int n = initial.Length;
            var u = initial.ToArray();
            var next = new double[n];
            for (int step = 0; step < 10; step++)
            {
                next[0] = u[0];
                next[n - 1] = u[n - 1];
                for (int i = 1; i < n - 1; i++) next[i] = u[i] + alpha * 0.2 * (u[i - 1] - 2 * u[i] + u[i + 1]);
                (u, next) = (next, u);
            }

            double centre = 0;
            for (int i = 0; i < n; i++) centre += u[i] * Math.Sin(i + 1.0);
            return centre;
        }

        /// <summary>A sum over the rows of a jagged table of samples, each row weighted by its mean.</summary>
        [Differentiable]
        public static double JaggedWeightedMeans(double[][] samples)
        {
            double total = 0;
            for (int r = 0; r < samples.Length; r++)
            {
                var row = samples[r];
                double mean = 0;
                foreach (var v in row) mean += v;
                mean /= row.Length;
                total += mean * mean * (r + 1);
            }

            return total;
        }
    }
}
