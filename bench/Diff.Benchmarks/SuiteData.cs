namespace Diff.Benchmarks;

/// <summary>
/// Deterministic inputs (fixed seeds) for the suite workloads added for issue 15, shared by the benchmarks and by
/// <c>--check</c>. Sizes are the ones the benchmarks report.
/// </summary>
internal static class SuiteData
{
    public const int SoftmaxSamples = 1000;
    public const int SoftmaxFeatures = 20;
    public const int SoftmaxClasses = 10;

    public const int LseRows = 2000;
    public const int LseColumns = 50;

    public const int MonteCarloPaths = 50_000;

    public const int Particles = 200;

    public const int PolynomialPoints = 5000;
    public const int PolynomialDegree = 7;

    public const int OdeSteps = 1000;
    public const double OdeStep = 0.01;

    public const int SeidelSize = 256;
    public const int SeidelSweeps = 40;

    public const int LstmHidden = 16;
    public const int LstmFeatures = 8;
    public const int LstmLength = 64;

    public const int GmmPoints = 1000;
    public const int GmmComponents = 5;
    public const int GmmDims = 10;

    public const int BaCameras = 16;
    public const int BaPoints = 2000;
    public const int BaObservations = 8000;

    /// <summary>Weights/biases in [−0.3, 0.3], data in [−1, 1], labels from a linear teacher's argmax plus noise.</summary>
    public static (double[] Weights, double[] Biases, double[] Data, int[] Labels) Softmax(int seed = 11)
    {
        var random = new Random(seed);
        var data = Uniform(random, SoftmaxSamples * SoftmaxFeatures, -1.0, 1.0);
        var teacher = Uniform(random, SoftmaxClasses * SoftmaxFeatures, -1.0, 1.0);
        var labels = new int[SoftmaxSamples];
        for (var i = 0; i < SoftmaxSamples; i++)
        {
            var best = double.NegativeInfinity;
            for (var c = 0; c < SoftmaxClasses; c++)
            {
                var z = 0.5 * Gaussian(random);
                for (var j = 0; j < SoftmaxFeatures; j++)
                {
                    z += teacher[c * SoftmaxFeatures + j] * data[i * SoftmaxFeatures + j];
                }

                if (z > best)
                {
                    best = z;
                    labels[i] = c;
                }
            }
        }

        return (Uniform(random, SoftmaxClasses * SoftmaxFeatures, -0.3, 0.3), Uniform(random, SoftmaxClasses, -0.3, 0.3), data, labels);
    }

    /// <summary>Rows of values in [−3, 3].</summary>
    public static double[] LogSumExpRows(int seed = 12) => Uniform(new Random(seed), LseRows * LseColumns, -3.0, 3.0);

    /// <summary>Standard normal draws (Box–Muller) and a slightly out-of-the-money call: S=100, K=105, r=3 %, σ=25 %, T=1.</summary>
    public static (double Spot, double Strike, double Rate, double Volatility, double Time, double[] Normals) MonteCarlo(int seed = 13)
    {
        var random = new Random(seed);
        var normals = new double[MonteCarloPaths];
        for (var i = 0; i < normals.Length; i++)
        {
            normals[i] = Gaussian(random);
        }

        return (100.0, 105.0, 0.03, 0.25, 1.0, normals);
    }

    /// <summary>
    /// 200 particles on a jittered cubic lattice of spacing 1.15σ (the first 200 of 6×6×6 sites, each moved by up to
    /// ±0.1 per coordinate), so no pair is closer than about 0.95σ; ε = 1, σ = 1.
    /// </summary>
    public static (double[] Positions, double Epsilon, double Sigma) LennardJonesSystem(int seed = 14)
    {
        var random = new Random(seed);
        var positions = new double[Particles * 3];
        for (var p = 0; p < Particles; p++)
        {
            int a = p % 6, b = p / 6 % 6, c = p / 36;
            positions[3 * p] = 1.15 * a + 0.2 * (random.NextDouble() - 0.5);
            positions[3 * p + 1] = 1.15 * b + 0.2 * (random.NextDouble() - 0.5);
            positions[3 * p + 2] = 1.15 * c + 0.2 * (random.NextDouble() - 0.5);
        }

        return (positions, 1.0, 1.0);
    }

    /// <summary>Points x in [−1, 1], y = sin(3x) + noise; coefficients (lowest degree first) in [−0.5, 0.5].</summary>
    public static (double[] Coefficients, double[] Xs, double[] Ys) Polynomial(int seed = 15)
    {
        var random = new Random(seed);
        var xs = Uniform(random, PolynomialPoints, -1.0, 1.0);
        var ys = new double[PolynomialPoints];
        for (var i = 0; i < ys.Length; i++)
        {
            ys[i] = Math.Sin(3.0 * xs[i]) + 0.05 * Gaussian(random);
        }

        return (Uniform(random, PolynomialDegree + 1, -0.5, 0.5), xs, ys);
    }

    /// <summary>
    /// Observations: an RK4 trajectory of the Lotka–Volterra model at α=1.0, β=0.38, δ=0.11, γ=0.42 from (10, 5), plus
    /// noise; the loss is evaluated at α=1.1, β=0.4, δ=0.1, γ=0.4 from (10, 5).
    /// </summary>
    public static (double[] Parameters, double[] Observed) Ode(int seed = 16)
    {
        var random = new Random(seed);
        double a = 1.0, b = 0.38, d = 0.11, g = 0.42, x = 10.0, y = 5.0, h = OdeStep;
        var observed = new double[2 * OdeSteps];
        (double, double) F(double u, double v) => (a * u - b * u * v, d * u * v - g * v);
        for (var s = 0; s < OdeSteps; s++)
        {
            var (k1x, k1y) = F(x, y);
            var (k2x, k2y) = F(x + 0.5 * h * k1x, y + 0.5 * h * k1y);
            var (k3x, k3y) = F(x + 0.5 * h * k2x, y + 0.5 * h * k2y);
            var (k4x, k4y) = F(x + h * k3x, y + h * k3y);
            x += h / 6.0 * (k1x + 2 * k2x + 2 * k3x + k4x);
            y += h / 6.0 * (k1y + 2 * k2y + 2 * k3y + k4y);
            observed[2 * s] = x + 0.1 * Gaussian(random);
            observed[2 * s + 1] = y + 0.1 * Gaussian(random);
        }

        return (new[] { 1.1, 0.4, 0.1, 0.4, 10.0, 5.0 }, observed);
    }

    /// <summary>Diagonal in [2.2, 3.0] (diagonally dominant), right-hand side in [−1, 1], target in [−0.5, 0.5].</summary>
    public static (double[] Diagonal, double[] Rhs, double[] Target) Seidel(int seed = 17)
    {
        var random = new Random(seed);
        return (Uniform(random, SeidelSize, 2.2, 3.0), Uniform(random, SeidelSize, -1.0, 1.0), Uniform(random, SeidelSize, -0.5, 0.5));
    }

    /// <summary>
    /// A sequence of 64 vectors of 8 smooth signals (sines of different frequencies and phases plus noise), weights
    /// uniform in ±1/√(features + hidden), biases in ±0.1, read-out weights in ±0.25, read-out biases zero.
    /// </summary>
    public static (double[] Weights, double[] Biases, double[] Readout, double[] ReadoutBias, double[] Sequence) LstmProblem(int seed = 18)
    {
        var random = new Random(seed);
        var sequence = new double[LstmLength * LstmFeatures];
        for (var t = 0; t < LstmLength; t++)
        {
            for (var k = 0; k < LstmFeatures; k++)
            {
                sequence[t * LstmFeatures + k] = Math.Sin(0.15 * (k + 1) * t + 0.7 * k) + 0.05 * Gaussian(random);
            }
        }

        var limit = 1.0 / Math.Sqrt(LstmFeatures + LstmHidden);
        return (
            Uniform(random, 4 * LstmHidden * (LstmFeatures + LstmHidden), -limit, limit),
            Uniform(random, 4 * LstmHidden, -0.1, 0.1),
            Uniform(random, LstmFeatures * LstmHidden, -0.25, 0.25),
            new double[LstmFeatures],
            sequence);
    }

    /// <summary>
    /// ADBench-style GMM inputs, as its generator makes them: points and means uniform in [0, 1]ᵈ, logits uniform in
    /// [−1, 1]; the icf's log-diagonal in [−0.5, 0.5] and its lower entries in [−0.3, 0.3]; Wishart γ = 1, m = 0.
    /// </summary>
    public static (double[] Alphas, double[] Means, double[] Icf, double[] X, double Gamma, int M) Gmm(int seed = 19)
    {
        var random = new Random(seed);
        int icfSize = GmmDims * (GmmDims + 1) / 2;
        var icf = new double[GmmComponents * icfSize];
        for (var c = 0; c < GmmComponents; c++)
        {
            for (var i = 0; i < icfSize; i++)
            {
                icf[c * icfSize + i] = i < GmmDims ? random.NextDouble() - 0.5 : 0.6 * (random.NextDouble() - 0.5);
            }
        }

        return (Uniform(random, GmmComponents, -1.0, 1.0), Uniform(random, GmmComponents * GmmDims, 0.0, 1.0), icf,
            Uniform(random, GmmPoints * GmmDims, 0.0, 1.0), 1.0, 0);
    }

    /// <summary>
    /// Cameras near the origin looking down +z (rotations in ±0.3 rad per axis, the first camera's exactly zero so
    /// the small-angle branch is taken too; centres in ±0.5; focal length 0.8–1.2; principal point ±0.05; distortion
    /// ±0.05), points at depth 4–8, each observation a random (camera, point) pair with a feature near the point's
    /// image and a weight in [0.5, 1.5].
    /// </summary>
    public static (double[] Cameras, double[] Points, double[] Weights, double[] Features, int[] CameraIndex, int[] PointIndex) Bundle(int seed = 20)
    {
        var random = new Random(seed);
        var cameras = new double[BaCameras * 11];
        for (var c = 0; c < BaCameras; c++)
        {
            for (var i = 0; i < 3; i++)
            {
                cameras[c * 11 + i] = c == 0 ? 0.0 : 0.6 * (random.NextDouble() - 0.5);
                cameras[c * 11 + 3 + i] = random.NextDouble() - 0.5;
            }

            cameras[c * 11 + 6] = 0.8 + 0.4 * random.NextDouble();
            cameras[c * 11 + 7] = 0.1 * (random.NextDouble() - 0.5);
            cameras[c * 11 + 8] = 0.1 * (random.NextDouble() - 0.5);
            cameras[c * 11 + 9] = 0.1 * (random.NextDouble() - 0.5);
            cameras[c * 11 + 10] = 0.1 * (random.NextDouble() - 0.5);
        }

        var points = new double[BaPoints * 3];
        for (var p = 0; p < BaPoints; p++)
        {
            points[3 * p] = 4.0 * (random.NextDouble() - 0.5);
            points[3 * p + 1] = 4.0 * (random.NextDouble() - 0.5);
            points[3 * p + 2] = 4.0 + 4.0 * random.NextDouble();
        }

        var cameraIndex = new int[BaObservations];
        var pointIndex = new int[BaObservations];
        var features = new double[2 * BaObservations];
        for (var o = 0; o < BaObservations; o++)
        {
            cameraIndex[o] = random.Next(BaCameras);
            pointIndex[o] = random.Next(BaPoints);
            var z = points[3 * pointIndex[o] + 2];
            features[2 * o] = points[3 * pointIndex[o]] / z + 0.05 * Gaussian(random);
            features[2 * o + 1] = points[3 * pointIndex[o] + 1] / z + 0.05 * Gaussian(random);
        }

        return (cameras, points, Uniform(random, BaObservations, 0.5, 1.5), features, cameraIndex, pointIndex);
    }

    internal static double[] Uniform(Random random, int count, double low, double high)
    {
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = low + (high - low) * random.NextDouble();
        }

        return values;
    }

    /// <summary>A standard normal deviate (Box–Muller).</summary>
    internal static double Gaussian(Random random)
        => Math.Sqrt(-2.0 * Math.Log(1.0 - random.NextDouble())) * Math.Cos(2.0 * Math.PI * random.NextDouble());
}
