namespace DiffGen.Runtime.Tests.Layers;

public sealed class DenseTests
{
    [Fact]
    public void Builds_a_glorot_uniform_kernel_and_a_zero_bias_from_the_first_input()
    {
        var dense = new Dense(4, kernelInitializer: new GlorotUniform(seed: 3));
        var output = dense.Call(Tensor.Ones(5, 3));

        Assert.Equal(new[] { 5, 4 }, output.Shape.ToArray());
        Assert.Equal(new[] { 3, 4 }, dense.Kernel!.Shape.ToArray());
        Assert.Equal(new[] { 4 }, dense.Bias!.Shape.ToArray());
        var limit = Math.Sqrt(6.0 / (3 + 4));
        Assert.All(dense.Kernel.ToArray(), w => Assert.InRange(w, -limit, limit));
        Assert.All(dense.Bias.ToArray(), b => Assert.Equal(0f, b));
        Assert.Equal(["kernel", "bias"], dense.Weights.Select(w => w.Name));
        Assert.Equal(16, dense.CountParams());
    }

    [Fact]
    public void Computes_activation_of_x_times_kernel_plus_bias()
    {
        var dense = new Dense(2, activation: "relu");
        dense.Build(3);
        dense.SetWeights(Tensor.From([1f, -1f, 2f, 0f, -3f, 1f], 3, 2), Tensor.From([0.5f, -0.5f], 2));
        var x = Tensor.From([1f, 2f, 3f, -1f, 0f, 2f], 2, 3);

        var y = dense.Call(x).ToArray();

        // Row 1: [1·1 + 2·2 + 3·(−3), 1·(−1) + 0 + 3·1] + b = [−4 + 0.5, 2 − 0.5] → relu → [0, 1.5].
        // Row 2: [−1 + 0 − 6, 1 + 0 + 2] + b = [−6.5, 2.5] → [0, 2.5].
        Assert.Equal(new[] { 0f, 1.5f, 0f, 2.5f }, y);
    }

    [Fact]
    public void Takes_an_activation_by_name_or_as_a_function()
    {
        var byName = new Dense(1, activation: "tanh", kernelInitializer: "ones");
        var byFunction = new Dense(1, activation: (Func<Tensor, Tensor>)(x => Ops.Tanh(x)), kernelInitializer: "ones");
        var x = Tensor.From([0.25f, 0.5f], 1, 2);

        Assert.Equal(MathF.Tanh(0.75f), byName.Call(x).Item, 6);
        Assert.Equal(byName.Call(x).Item, byFunction.Call(x).Item);
    }

    [Fact]
    public void An_unknown_activation_is_an_error_listing_the_known_ones()
    {
        var error = Assert.Throws<ArgumentException>(() => new Dense(1, activation: "relu6x"));
        Assert.Contains("relu6x", error.Message);
        Assert.Contains("relu", error.Message);
        Assert.Contains("gelu", error.Message);
    }

    [Fact]
    public void A_later_input_with_other_features_names_the_layer_and_the_shape()
    {
        var dense = new Dense(2, name: "hidden");
        dense.Call(Tensor.Ones(4, 3));

        var error = Assert.Throws<ArgumentException>(() => dense.Call(Tensor.Ones(4, 5)));
        Assert.Contains("hidden", error.Message);
        Assert.Contains("3", error.Message);
        Assert.Contains("(4, 5)", error.Message);
    }

    [Fact]
    public void Is_recorded_by_a_tape_so_gradients_reach_kernel_and_bias()
    {
        var dense = new Dense(1, kernelInitializer: "ones");
        var x = Tensor.From([1f, 2f, 3f], 3, 1);
        var y = Tensor.From([3f, 5f, 7f], 3, 1);
        dense.Build(1);

        Tensor?[] gradients;
        using (var tape = new GradientTape())
        {
            var loss = Ops.ReduceMean(Ops.Square(y - dense.Call(x)));
            gradients = tape.Gradient(loss, dense.TrainableVariables);
        }

        // ŷ = x, residual r = y − x = [2, 3, 4]: ∂/∂w = −2·mean(r·x) = −2·(2 + 6 + 12)/3, ∂/∂b = −2·mean(r) = −6.
        Assert.Equal(-40f / 3, gradients[0]!.Item, 5);
        Assert.Equal(-6f, gradients[1]!.Item, 5);
    }

    [Fact]
    public void Regularizers_add_their_penalty_to_the_layer_losses()
    {
        var dense = new Dense(2, kernelInitializer: "ones", kernelRegularizer: new L2(0.1), biasRegularizer: new L1(0.5), biasInitializer: "ones");
        dense.Call(Tensor.Ones(1, 3));

        Assert.Equal(2, dense.Losses.Count);
        Assert.Equal(0.1f * 6, dense.Losses[0].Item, 6);
        Assert.Equal(0.5f * 2, dense.Losses[1].Item, 6);
    }

    [Fact]
    public void The_same_seed_scope_gives_the_same_weights_and_consecutive_layers_differ()
    {
        // A private seed stream per scope: other test classes building unseeded layers meanwhile do not move it.
        Dense first, second, third;
        using (RandomSeed.Scope(42))
        {
            first = Built(new Dense(3));
        }

        using (RandomSeed.Scope(42))
        {
            second = Built(new Dense(3));
            third = Built(new Dense(3));
        }

        Assert.Equal(first.Kernel!.ToArray(), second.Kernel!.ToArray());
        Assert.NotEqual(second.Kernel.ToArray(), third.Kernel!.ToArray());

        static Dense Built(Dense dense)
        {
            dense.Build(4);
            return dense;
        }
    }

    [Fact]
    public void SetWeights_checks_every_shape_and_changes_nothing_on_error()
    {
        var dense = new Dense(2, kernelInitializer: "ones");
        dense.Build(3);

        var error = Assert.Throws<ArgumentException>(() => dense.SetWeights(Tensor.Zeros(3, 2), Tensor.Zeros(3)));
        Assert.Contains("bias", error.Message);
        Assert.Contains("(2,)", error.Message);
        Assert.Contains("(3,)", error.Message);
        Assert.All(dense.Kernel!.ToArray(), w => Assert.Equal(1f, w));
    }

    [Fact]
    public void Dropout_zeroes_and_rescales_only_while_training()
    {
        var dropout = new Dropout(0.5, seed: 1);
        var x = Tensor.Ones(1, 1000);

        Assert.Equal(x.ToArray(), dropout.Call(x).ToArray());
        var dropped = dropout.Call(x, training: true).ToArray();
        Assert.All(dropped, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(dropped.Count(v => v == 0f), 400, 600);
    }

    [Fact]
    public void Flatten_keeps_the_batch_axis()
    {
        var flat = new Flatten().Call(Tensor.Zeros(4, 2, 3));
        Assert.Equal(new[] { 4, 6 }, flat.Shape.ToArray());
    }
}
