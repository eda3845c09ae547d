using System.Numerics;
using DiffGen;

namespace Physics;

/// <summary>A spring's parameters: a record struct, so its gradient is a <see cref="Spring"/> too.</summary>
public record struct Spring(float Stiffness, float RestLength, float Damping);

/// <summary>
/// A mass hanging from an anchor on a damped spring, thrown with a launch velocity and integrated with semi-implicit
/// Euler steps, written as plain C# with <see cref="Vector3"/>. DiffGen differentiates the whole trajectory at compile
/// time: see <c>TrajectoryLossGrad</c> and <c>TrajectoryLossPullback</c> in
/// <c>obj/Debug/net10.0/generated/Diff.Generator/DiffGen.Generator.DifferentiableGenerator/Physics.SpringSystem.Diff.g.cs</c>.
/// </summary>
public static partial class SpringSystem
{
    public const float TimeStep = 0.01f;

    private static readonly Vector3 Gravity = new(0f, -9.81f, 0f);

    /// <summary>Where the mass ends after <paramref name="steps"/> steps, as a squared distance from <paramref name="target"/>.</summary>
    [Differentiable]
    public static float TrajectoryLoss(Vector3 launchVelocity, Spring spring, [NoDerivative] Vector3 anchor, [NoDerivative] Vector3 target, int steps)
    {
        var position = Vector3.Zero;
        var velocity = launchVelocity;
        for (var i = 0; i < steps; i++)
        {
            var stretch = position - anchor;
            var length = stretch.Length();
            var pull = -spring.Stiffness * (length - spring.RestLength) / length * stretch;
            var force = pull + Gravity - spring.Damping * velocity;
            velocity += TimeStep * force;
            position += TimeStep * velocity;
        }

        return Vector3.DistanceSquared(position, target);
    }

    /// <summary>The final position (the same integration, for printing).</summary>
    public static Vector3 FinalPosition(Vector3 launchVelocity, Spring spring, Vector3 anchor, int steps)
    {
        var position = Vector3.Zero;
        var velocity = launchVelocity;
        for (var i = 0; i < steps; i++)
        {
            var stretch = position - anchor;
            var length = stretch.Length();
            var force = -spring.Stiffness * (length - spring.RestLength) / length * stretch + Gravity - spring.Damping * velocity;
            velocity += TimeStep * force;
            position += TimeStep * velocity;
        }

        return position;
    }

    /// <summary>
    /// The potential energy of particles joined in a chain by identical springs. Its gradient with respect to the
    /// positions is minus the force on each particle: <c>ChainEnergyGrad</c> fills a <c>Span&lt;Vector3&gt;</c>.
    /// </summary>
    [Differentiable]
    public static float ChainEnergy(ReadOnlySpan<Vector3> positions, Spring spring)
    {
        var energy = 0f;
        for (var i = 0; i + 1 < positions.Length; i++)
        {
            var stretch = Vector3.Distance(positions[i + 1], positions[i]) - spring.RestLength;
            energy += 0.5f * spring.Stiffness * stretch * stretch;
        }

        return energy;
    }
}
