using DiffGen.Runtime.Tests.OpTests;
using Xunit.Sdk;

namespace DiffGen.Runtime.Tests.Functional;

/// <summary>
/// Gradients through a functional graph — two inputs, two outputs, a shared layer, both merge layers — checked
/// against central differences of a double reference (<see cref="TwoTowerModel.Reference"/>).
/// </summary>
public sealed class FunctionalGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Gradients_of_a_two_input_two_output_model_match_finite_differences(int seed)
    {
        var net = new TwoTowerModel($"grad{seed}", seed);
        var (xa, xb) = TwoTowerModel.Inputs(5, seed * 7);
        Ref[] point = [Ref.Of(xa), Ref.Of(xb), .. net.Weights.Select(v => Ref.Of(v.Peek()))];
        var expected = TwoTowerModel.Reference(point);
        var w = Tensor.RandomNormal(new Shape(expected.Shape), seed + 50);
        var wWide = Ops.Reshape(Tensor.From(w.ToArray().AsSpan(0, 10), new Shape(10)), 5, 2);
        var wNarrow = Ops.Reshape(Tensor.From(w.ToArray().AsSpan(10, 5), new Shape(5)), 5, 1);

        Tensor?[] gradients;
        using (var tape = new GradientTape(persistent: true))
        {
            tape.Watch(xa);
            tape.Watch(xb);
            var outputs = net.Model.Call([xa, xb], training: true);
            Assert.Equal(2, outputs.Length);
            var flat = Ops.Concat([Ops.Reshape(outputs[0], -1), Ops.Reshape(outputs[1], -1)], axis: 0);
            GradientCheck.AssertForward("two towers", [xa, xb], flat, expected);
            var loss = Ops.ReduceSum(outputs[0] * wWide) + Ops.ReduceSum(outputs[1] * wNarrow);
            gradients = [.. tape.Gradient(loss, [xa, xb]), .. tape.Gradient(loss, net.Weights)];
        }

        var wRef = Ref.Of(w);
        string[] names = ["xa", "xb", "shared kernel", "shared bias", "wide kernel", "wide bias", "narrow kernel", "narrow bias"];
        for (var i = 0; i < point.Length; i++)
        {
            AssertClose(names[i], gradients[i], GradientCheck.FiniteDifferences(TwoTowerModel.Reference, point, wRef, i));
        }
    }

    [Fact]
    public void The_model_trains_the_shared_layer_once_and_lists_it_once()
    {
        var net = new TwoTowerModel("listing");

        Assert.Equal(["listing_a", "listing_b", "listing_shared", "listing_concat", "listing_wide", "listing_add", "listing_narrow"], net.Model.Layers.Select(l => l.Name));
        Assert.Equal(6, net.Model.TrainableVariables.Count);
        Assert.Equal((3 * 4) + 4 + (8 * 2) + 2 + (4 * 1) + 1, net.Model.CountParams());
        Assert.Equal(["listing_wide", "listing_narrow"], net.Model.OutputNames);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(5)]
    public void A_shared_layers_gradient_is_the_sum_of_both_uses(int seed)
    {
        var a = new Input([3], $"sum{seed}_a");
        var b = new Input([3], $"sum{seed}_b");
        var shared = new Dense(2, activation: "tanh", name: $"sum{seed}_shared");
        var model = new Model([a, b], [new Add(name: $"sum{seed}_add").Call(shared.Call(a), shared.Call(b))]);
        shared.SetWeights(Tensor.RandomNormal(new Shape(3, 2), seed), Tensor.RandomNormal(new Shape(2), seed + 1));
        var (xa, xb) = TwoTowerModel.Inputs(4, seed * 3);
        var w = Tensor.RandomNormal(new Shape(4, 2), seed + 2);
        var kernel = shared.Kernel!;

        Tensor Gradient(Func<Tensor> output)
        {
            using var tape = new GradientTape();
            return tape.Gradient(Ops.ReduceSum(output() * w), kernel)!;
        }

        var both = Gradient(() => model.Call([xa, xb])[0]).ToArray();
        var first = Gradient(() => shared.Call(xa)).ToArray();
        var second = Gradient(() => shared.Call(xb)).ToArray();
        for (var i = 0; i < both.Length; i++)
        {
            Assert.Equal(first[i] + second[i], both[i], 5e-6f);
        }

        // And against finite differences of tanh(xa·K + b) + tanh(xb·K + b) in double.
        Ref Reference(Ref[] p) =>
            new([4, 2], [.. TwoTowerModel.Dense(p[0], p[2], p[3], Math.Tanh).Data.Zip(TwoTowerModel.Dense(p[1], p[2], p[3], Math.Tanh).Data, (u, v) => u + v)]);
        Ref[] point = [Ref.Of(xa), Ref.Of(xb), Ref.Of(kernel.Peek()), Ref.Of(shared.Bias!.Peek())];
        AssertClose("shared kernel", Gradient(() => model.Call([xa, xb])[0]), GradientCheck.FiniteDifferences(Reference, point, Ref.Of(w), 2));
    }

    private static void AssertClose(string what, Tensor? actual, Ref expected)
    {
        if (actual is null)
        {
            throw new XunitException($"{what}: no gradient; finite differences give {expected}");
        }

        Assert.Equal(expected.Shape, actual.Shape.ToArray());
        var values = actual.ToArray();
        for (var j = 0; j < values.Length; j++)
        {
            var e = expected.Data[j];
            if (!(Math.Abs(values[j] - e) <= GradientCheck.Tolerance * Math.Max(1, Math.Abs(e))))
            {
                throw new XunitException($"{what}: gradient at flat index {j} is {values[j]:R}, finite differences give {e:R}\n  all: [{string.Join(", ", values)}]\n  fd:  {expected}");
            }
        }
    }
}
