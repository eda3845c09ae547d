using System.Buffers;
using System.Runtime.CompilerServices;

namespace Diff.Benchmarks;

/// <summary>
/// The gradient of <see cref="LotkaVolterra.TrajectoryLoss"/> by hand (discrete adjoint of RK4). The forward pass is
/// the primal's, and stores the state before every step (2 doubles per step: on the stack up to 2048 steps, else a
/// pooled array). The reverse pass walks the steps backwards: it adds the loss term's adjoint to the state's, recomputes
/// that step's four stages from the stored state and runs their adjoint (each stage's right-hand side
/// f(u, v) = (αu − βuv, δuv − γv) has a 2×2 Jacobian and four parameter partials written out), with everything in
/// registers.
/// </summary>
public static class LotkaVolterraHandWritten
{
    public static double TrajectoryLossGrad(
        double alpha, double beta, double delta, double gamma, double prey0, double predators0, double[] observed, double dt,
        out double dalpha, out double dbeta, out double ddelta, out double dgamma, out double dprey0, out double dpredators0)
    {
        int steps = observed.Length / 2;
        double[]? rented = null;
        Span<double> states = steps <= 2048 ? stackalloc double[2 * (steps + 1)] : (rented = ArrayPool<double>.Shared.Rent(2 * (steps + 1)));

        double x = prey0;
        double y = predators0;
        double loss = 0.0;
        for (int s = 0; s < steps; s++)
        {
            states[2 * s] = x;
            states[2 * s + 1] = y;
            double k1x = alpha * x - beta * x * y;
            double k1y = delta * x * y - gamma * y;

            double x2 = x + 0.5 * dt * k1x;
            double y2 = y + 0.5 * dt * k1y;
            double k2x = alpha * x2 - beta * x2 * y2;
            double k2y = delta * x2 * y2 - gamma * y2;

            double x3 = x + 0.5 * dt * k2x;
            double y3 = y + 0.5 * dt * k2y;
            double k3x = alpha * x3 - beta * x3 * y3;
            double k3y = delta * x3 * y3 - gamma * y3;

            double x4 = x + dt * k3x;
            double y4 = y + dt * k3y;
            double k4x = alpha * x4 - beta * x4 * y4;
            double k4y = delta * x4 * y4 - gamma * y4;

            x += dt / 6.0 * (k1x + 2.0 * k2x + 2.0 * k3x + k4x);
            y += dt / 6.0 * (k1y + 2.0 * k2y + 2.0 * k3y + k4y);

            double ex = x - observed[2 * s];
            double ey = y - observed[2 * s + 1];
            loss += ex * ex + ey * ey;
        }

        states[2 * steps] = x;
        states[2 * steps + 1] = y;

        double ga = 0.0, gb = 0.0, gd = 0.0, gg = 0.0;
        double gx = 0.0, gy = 0.0; // adjoint of the state after step s
        double half = 0.5 * dt, sixth = dt / 6.0;
        for (int s = steps - 1; s >= 0; s--)
        {
            gx += 2.0 * (states[2 * s + 2] - observed[2 * s]);
            gy += 2.0 * (states[2 * s + 3] - observed[2 * s + 1]);

            double x1 = states[2 * s], y1 = states[2 * s + 1];
            double k1x = alpha * x1 - beta * x1 * y1, k1y = delta * x1 * y1 - gamma * y1;
            double x2 = x1 + half * k1x, y2 = y1 + half * k1y;
            double k2x = alpha * x2 - beta * x2 * y2, k2y = delta * x2 * y2 - gamma * y2;
            double x3 = x1 + half * k2x, y3 = y1 + half * k2y;
            double k3x = alpha * x3 - beta * x3 * y3, k3y = delta * x3 * y3 - gamma * y3;
            double x4 = x1 + dt * k3x, y4 = y1 + dt * k3y;

            // x' = x + dt/6·(k1 + 2k2 + 2k3 + k4)
            double gk1x = sixth * gx, gk1y = sixth * gy;
            double gk2x = 2.0 * gk1x, gk2y = 2.0 * gk1y;
            double gk3x = gk2x, gk3y = gk2y;
            double gk4x = gk1x, gk4y = gk1y;
            double nx = gx, ny = gy;

            // k4 = f(x4, y4); x4 = x + dt·k3
            Stage(alpha, beta, delta, gamma, x4, y4, gk4x, gk4y, out double gu, out double gv, ref ga, ref gb, ref gd, ref gg);
            nx += gu; ny += gv; gk3x += dt * gu; gk3y += dt * gv;
            // k3 = f(x3, y3); x3 = x + dt/2·k2
            Stage(alpha, beta, delta, gamma, x3, y3, gk3x, gk3y, out gu, out gv, ref ga, ref gb, ref gd, ref gg);
            nx += gu; ny += gv; gk2x += half * gu; gk2y += half * gv;
            // k2 = f(x2, y2); x2 = x + dt/2·k1
            Stage(alpha, beta, delta, gamma, x2, y2, gk2x, gk2y, out gu, out gv, ref ga, ref gb, ref gd, ref gg);
            nx += gu; ny += gv; gk1x += half * gu; gk1y += half * gv;
            // k1 = f(x, y)
            Stage(alpha, beta, delta, gamma, x1, y1, gk1x, gk1y, out gu, out gv, ref ga, ref gb, ref gd, ref gg);
            gx = nx + gu;
            gy = ny + gv;
        }

        if (rented != null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }

        dalpha = ga;
        dbeta = gb;
        ddelta = gd;
        dgamma = gg;
        dprey0 = gx;
        dpredators0 = gy;
        return loss;
    }

    /// <summary>The adjoint of f(u, v) = (αu − βuv, δuv − γv) for the output adjoint (fx, fy).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Stage(
        double alpha, double beta, double delta, double gamma, double u, double v, double fx, double fy,
        out double gu, out double gv, ref double ga, ref double gb, ref double gd, ref double gg)
    {
        double uv = u * v;
        gu = fx * (alpha - beta * v) + fy * delta * v;
        gv = fy * (delta * u - gamma) - fx * beta * u;
        ga += fx * u;
        gb -= fx * uv;
        gd += fy * uv;
        gg -= fy * v;
    }
}
