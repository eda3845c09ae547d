namespace Diff.Benchmarks.Peers;

/// <summary>
/// EXTENSION POINT, not a benchmark yet: one training step of a 2-layer MLP (forward, loss, backward, SGD update)
/// on DiffGen's GradientTape against TorchSharp autograd. It waits for the runtime's Tensor / GradientTape / Dense
/// API (DESIGN.md, "Runtime architecture"), which does not exist yet.
/// <para>When it does, turn this into a benchmark class beside <see cref="GemmPeerBenchmarks"/>:</para>
/// <list type="number">
/// <item>Shapes as [Params]: batch 128 × 784 inputs → Dense(128, relu) → Dense(10), MSE (and batch 32); float32.</item>
/// <item>Same initial weights on both sides: draw them once (fixed seed), <c>dense.SetWeights(kernel, bias)</c> for
/// DiffGen, <c>linear.weight.copy_(...)</c> for torch (torch stores Linear weights transposed: out × in).</item>
/// <item><c>DiffGenStep</c> (baseline): <c>using var tape = new GradientTape(); loss = ...; grads =
/// tape.Gradient(loss, model.TrainableVariables); optimizer.ApplyGradients(grads, variables)</c>.</item>
/// <item><c>TorchStep</c>: <c>optimizer.zero_grad(); using var loss = mse(model.forward(x), y); loss.backward();
/// optimizer.step();</c> inside a DisposeScope, with <c>TorchSetup.Configure(threads)</c> and grad enabled (unlike
/// the kernel benchmarks, which switch it off).</item>
/// <item>A GlobalSetup check that one step moves both models' weights to the same values (to float tolerance), as
/// <see cref="PeerCheck"/> does for the kernels.</item>
/// </list>
/// </summary>
internal static class MlpStepPeerBenchmarks
{
}
