using DiffGen;

namespace Diff.Benchmarks;

/// <summary>
/// Suite workload: fitting the Lotka–Volterra predator–prey model x' = αx − βxy, y' = δxy − γy by classic RK4 with a
/// fixed step, 1000 steps, the loss the sum of squared differences between the trajectory and observations after
/// every step. The four rates and the initial state are active; the observations (steps × 2, row-major) and the step
/// are not. The state is overwritten every step.
/// </summary>
public static partial class LotkaVolterra
{
    [Differentiable]
    public static double TrajectoryLoss(
        double alpha, double beta, double delta, double gamma, double prey0, double predators0,
        [NoDerivative] double[] observed, [NoDerivative] double dt)
    {
        int steps = observed.Length / 2;
        double x = prey0;
        double y = predators0;
        double loss = 0.0;
        for (int s = 0; s < steps; s++)
        {
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

        return loss;
    }
}
