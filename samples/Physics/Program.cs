using System.Numerics;
using Physics;

// 1. Forces from an energy: the gradient of a spring chain's energy is minus the force on each particle.
Vector3[] chain = [new(0f, 0f, 0f), new(1.2f, 0.1f, 0f), new(2.1f, -0.3f, 0.4f), new(3.5f, 0f, 0.2f)];
var spring = new Spring(Stiffness: 40f, RestLength: 1f, Damping: 0.5f);
var gradient = new Vector3[chain.Length];
var energy = SpringSystem.ChainEnergyGrad(chain, spring, gradient, out var dspring);
Console.WriteLine($"Chain energy {energy:F4} J; ∂E/∂stiffness = {dspring.Stiffness:F5}, ∂E/∂rest length = {dspring.RestLength:F4}");
for (var i = 0; i < chain.Length; i++)
{
    // The force on particle i, by hand: the sum of its springs' pulls, k·(|d| − L)·d/|d| towards each neighbour.
    var expected = Vector3.Zero;
    foreach (var j in new[] { i - 1, i + 1 })
    {
        if (j < 0 || j >= chain.Length)
        {
            continue;
        }

        var d = chain[j] - chain[i];
        expected += spring.Stiffness * (d.Length() - spring.RestLength) * Vector3.Normalize(d);
    }

    Console.WriteLine($"  particle {i}: force from −∇E = {-gradient[i]:F4}, by hand = {expected:F4}");
}

// 2. Fitting: find the launch velocity and spring that bring the mass to a target after one second, by gradient
//    descent on the trajectory loss, with the gradient of the whole 100-step simulation generated at compile time.
var anchor = new Vector3(0f, 2f, 0f);
var target = new Vector3(0.8f, 0.5f, -0.3f);
const int steps = 100;
var velocity = new Vector3(0f, 1f, 0f);
var fitted = new Spring(Stiffness: 20f, RestLength: 1.5f, Damping: 0.5f);
Console.WriteLine();
Console.WriteLine($"Fitting a launch velocity and spring so the mass is at {target} after {steps} steps of {SpringSystem.TimeStep} s:");
const float rate = 0.1f;
for (var iteration = 0; iteration <= 300; iteration++)
{
    var loss = SpringSystem.TrajectoryLossGrad(velocity, fitted, anchor, target, steps, out var dvelocity, out var dfitted);
    if (iteration % 50 == 0)
    {
        Console.WriteLine($"  iteration {iteration,3}: loss {loss:E3}, velocity {velocity:F3}, stiffness {fitted.Stiffness:F3}, rest length {fitted.RestLength:F3}");
    }

    velocity -= rate * dvelocity;
    fitted = fitted with
    {
        Stiffness = fitted.Stiffness - rate * dfitted.Stiffness,
        RestLength = fitted.RestLength - rate * dfitted.RestLength,
    };
}

Console.WriteLine($"The mass ends at {SpringSystem.FinalPosition(velocity, fitted, anchor, steps):F3} (target {target}).");
