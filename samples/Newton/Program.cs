using DiffGen;
using Newton;

// Newton's method with generated derivatives: no derivative written by hand, no finite differences.
//
// 1. A nonlinear system F(x) = 0 (Broyden's tridiagonal, n = 12): each step solves J·Δ = −F with the Jacobian DiffGen
//    generated from the residual. The residual norm should fall quadratically: the digits double each step.
// 2. The Rosenbrock function in 10 dimensions, minimised by a damped Newton–CG: each step solves (H + λI)·p = −∇f
//    approximately by conjugate gradients, using only Hessian-vector products (RosenbrockHvp), never the Hessian
//    itself; λ grows when CG meets negative curvature and shrinks after full steps.

const int n = 12;
var x = Enumerable.Repeat(-1.0, n).ToArray();
var r = new double[n];
var jacobian = new double[n * n];
Console.WriteLine($"Broyden's tridiagonal system, n = {n}: Newton's method with BroydenJacobian");
for (var step = 0; step < 20; step++)
{
    Problems.BroydenJacobian(x, r, jacobian); // writes F(x) into r and ∂F/∂x into jacobian (n ≤ m: by columns, forward mode)
    var norm = Math.Sqrt(r.Sum(v => v * v));
    Console.WriteLine($"  step {step,2}: |F(x)| = {norm:E3}");
    if (norm < 1e-13)
    {
        break;
    }

    var delta = LinearAlgebra.Solve(jacobian, r.Select(v => -v).ToArray(), n);
    for (var i = 0; i < n; i++)
    {
        x[i] += delta[i];
    }
}

Console.WriteLine($"  solution: [{string.Join(", ", x.Take(4).Select(v => v.ToString("F6")))}, …]");
Console.WriteLine();

const int m = 10;
var point = Enumerable.Range(0, m).Select(i => i % 2 == 0 ? -1.2 : 1.0).ToArray();
var gradient = new double[m];
Console.WriteLine($"Rosenbrock in {m} dimensions: Newton–CG with RosenbrockHvp (Hessian-vector products only)");
var products = 0;
var damping = 0.0;
for (var step = 0; step < 200; step++)
{
    var f = Problems.RosenbrockGrad(point, gradient);
    var gradientNorm = Math.Sqrt(gradient.Sum(g => g * g));
    if (step % 4 == 0 || gradientNorm < 1e-10)
    {
        Console.WriteLine($"  step {step,2}: f = {f:E3}, |∇f| = {gradientNorm:E3}, Hessian-vector products so far {products}");
    }

    if (gradientNorm < 1e-10)
    {
        break;
    }

    double[]? direction;
    while ((direction = NewtonCg.Direction(point, gradient, damping, ref products)) is null)
    {
        damping = Math.Max(1e-3, 10 * damping); // negative curvature: damp more and solve again
    }

    var t = NewtonCg.Backtrack(point, direction, f, gradient);
    damping = t == 1 ? damping / 10 : damping;
    for (var i = 0; i < m; i++)
    {
        point[i] += t * direction[i];
    }
}

Console.WriteLine($"  minimum at [{string.Join(", ", point.Select(v => v.ToString("F6")))}]");

/// <summary>Gaussian elimination with partial pivoting: enough for a 12×12 system.</summary>
internal static class LinearAlgebra
{
    public static double[] Solve(double[] matrix, double[] rhs, int n)
    {
        var a = (double[])matrix.Clone();
        var b = (double[])rhs.Clone();
        for (var column = 0; column < n; column++)
        {
            var pivot = Enumerable.Range(column, n - column).MaxBy(row => Math.Abs(a[row * n + column]));
            for (var k = 0; k < n; k++)
            {
                (a[column * n + k], a[pivot * n + k]) = (a[pivot * n + k], a[column * n + k]);
            }

            (b[column], b[pivot]) = (b[pivot], b[column]);
            for (var row = column + 1; row < n; row++)
            {
                var factor = a[row * n + column] / a[column * n + column];
                for (var k = column; k < n; k++)
                {
                    a[row * n + k] -= factor * a[column * n + k];
                }

                b[row] -= factor * b[column];
            }
        }

        var solution = new double[n];
        for (var row = n - 1; row >= 0; row--)
        {
            var sum = b[row];
            for (var k = row + 1; k < n; k++)
            {
                sum -= a[row * n + k] * solution[k];
            }

            solution[row] = sum / a[row * n + row];
        }

        return solution;
    }
}

/// <summary>Truncated Newton: CG on (H + λI)·p = −g to a relative residual of min(0.5, √|g|); null at negative curvature.</summary>
internal static class NewtonCg
{
    public static double[]? Direction(double[] x, double[] gradient, double damping, ref int products)
    {
        var n = x.Length;
        var p = new double[n];
        var residual = gradient.Select(g => -g).ToArray();
        var search = (double[])residual.Clone();
        var hs = new double[n];
        var gradientNorm = Math.Sqrt(gradient.Sum(g => g * g));
        var tolerance = Math.Min(0.5, Math.Sqrt(gradientNorm)) * gradientNorm;
        var rr = residual.Sum(v => v * v);
        for (var iteration = 0; iteration < 2 * n; iteration++)
        {
            Problems.RosenbrockHvp(x, search, hs); // H·s, one forward-over-reverse pass
            products++;
            for (var i = 0; i < n; i++)
            {
                hs[i] += damping * search[i];
            }

            var curvature = search.Zip(hs, (a, b) => a * b).Sum();
            if (curvature <= 0)
            {
                return null;
            }

            var alpha = rr / curvature;
            for (var i = 0; i < n; i++)
            {
                p[i] += alpha * search[i];
                residual[i] -= alpha * hs[i];
            }

            var next = residual.Sum(v => v * v);
            if (Math.Sqrt(next) < tolerance)
            {
                break;
            }

            for (var i = 0; i < n; i++)
            {
                search[i] = residual[i] + next / rr * search[i];
            }

            rr = next;
        }

        return p;
    }

    /// <summary>Armijo backtracking from the full Newton step.</summary>
    public static double Backtrack(double[] x, double[] direction, double f, double[] gradient)
    {
        var slope = gradient.Zip(direction, (a, b) => a * b).Sum();
        var t = 1.0;
        var trial = new double[x.Length];
        while (t > 1e-10)
        {
            for (var i = 0; i < x.Length; i++)
            {
                trial[i] = x[i] + t * direction[i];
            }

            if (Problems.Rosenbrock(trial) <= f + 1e-4 * t * slope)
            {
                return t;
            }

            t *= 0.5;
        }

        return t;
    }
}
