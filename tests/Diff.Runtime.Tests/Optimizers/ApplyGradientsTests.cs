namespace DiffGen.Runtime.Tests.Optimizers;

/// <summary>What ApplyGradients accepts, skips and rejects, and that a rejected call changes nothing.</summary>
public sealed class ApplyGradientsTests
{
    [Fact]
    public void A_shape_mismatch_names_the_variable_and_both_shapes_and_changes_nothing()
    {
        var adam = new Adam(learningRate: 0.1);
        var bias = new Variable(Tensor.From([1f, 2f], 2), "bias");
        var kernel = new Variable(Tensor.From([1f, 2f, 3f, 4f, 5f, 6f], 2, 3), "kernel");
        adam.ApplyGradients([Tensor.From([1f, 1f], 2), Tensor.Ones(2, 3)], [bias, kernel]);
        var biasBefore = bias.ToArray();
        var kernelBefore = kernel.ToArray();

        var error = Assert.Throws<ArgumentException>(() =>
            adam.ApplyGradients([Tensor.From([5f, 5f], 2), Tensor.Ones(3, 2)], [bias, kernel]));

        Assert.Contains("'kernel'", error.Message);
        Assert.Contains("(3,2)", error.Message);
        Assert.Contains("(2,3)", error.Message);
        Assert.Equal(biasBefore, bias.ToArray());
        Assert.Equal(kernelBefore, kernel.ToArray());
        Assert.Equal(1, adam.Iterations);

        // The moments were not touched either: the next good step is the one a twin optimizer takes.
        var twin = new Adam(learningRate: 0.1);
        var twinBias = new Variable(Tensor.From([1f, 2f], 2), "bias");
        var twinKernel = new Variable(Tensor.From([1f, 2f, 3f, 4f, 5f, 6f], 2, 3), "kernel");
        twin.ApplyGradients([Tensor.From([1f, 1f], 2), Tensor.Ones(2, 3)], [twinBias, twinKernel]);
        adam.ApplyGradients([Tensor.From([0.5f, -1f], 2), Tensor.Ones(2, 3)], [bias, kernel]);
        twin.ApplyGradients([Tensor.From([0.5f, -1f], 2), Tensor.Ones(2, 3)], [twinBias, twinKernel]);
        Assert.Equal(twinBias.ToArray(), bias.ToArray());
        Assert.Equal(twinKernel.ToArray(), kernel.ToArray());
    }

    [Fact]
    public void A_length_mismatch_is_an_error()
    {
        var sgd = new SGD();
        var w = new Variable(Tensor.Ones(2), "w");
        var error = Assert.Throws<ArgumentException>(() => sgd.ApplyGradients([Tensor.Ones(2), Tensor.Ones(2)], [w]));

        Assert.Contains("2 gradient(s) for 1 variable(s)", error.Message);
        Assert.Equal([1f, 1f], w.ToArray());
        Assert.Equal(0, sgd.Iterations);
    }

    [Fact]
    public void A_null_gradient_skips_its_variable_and_the_step_still_counts()
    {
        var sgd = new SGD(learningRate: 0.5);
        var a = new Variable(Tensor.Ones(1), "a");
        var b = new Variable(Tensor.Ones(1), "b");
        sgd.ApplyGradients([null, Tensor.Ones(1)], [a, b]);

        Assert.Equal([1f], a.ToArray());
        Assert.Equal([0.5f], b.ToArray());
        Assert.Equal(1, sgd.Iterations);
    }

    [Fact]
    public void No_gradient_at_all_is_an_error_as_in_Keras()
    {
        var sgd = new SGD();
        var error = Assert.Throws<ArgumentException>(() => sgd.ApplyGradients([null, null], [new Variable(1f, "kernel"), new Variable(2f, "bias")]));

        Assert.Contains("no gradients provided for any variable ('kernel', 'bias')", error.Message);
        Assert.Equal(0, sgd.Iterations);
    }

    [Fact]
    public void Empty_lists_do_nothing()
    {
        var sgd = new SGD();
        sgd.ApplyGradients([], []);
        Assert.Equal(0, sgd.Iterations);
    }

    [Fact]
    public void A_variable_listed_twice_is_stepped_twice()
    {
        var sgd = new SGD(learningRate: 1);
        var w = new Variable(Tensor.Zeros(1));
        sgd.ApplyGradients([Tensor.Ones(1), Tensor.Ones(1)], [w, w]);
        Assert.Equal([-2f], w.ToArray());
    }

    [Fact]
    public void Gradients_from_a_tape_train_a_variable()
    {
        // Minimise (w − 3)² with SGD: w ← w − 0.1·2(w − 3) contracts towards 3 by 0.8 per step.
        var w = new Variable(0f, "w");
        var sgd = new SGD(learningRate: 0.1);
        for (var i = 0; i < 50; i++)
        {
            using var tape = new GradientTape();
            var loss = Ops.Square(w - 3f);
            sgd.ApplyGradients(tape.Gradient(loss, [w]), [w]);
        }

        Assert.Equal(3 - (3 * Math.Pow(0.8, 50)), w.ToArray()[0], 1e-5);
        Assert.Equal(50, sgd.Iterations);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void The_learning_rate_must_be_finite(double learningRate)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(learningRate));
        var adam = new Adam();
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => adam.LearningRate = learningRate);
        Assert.Contains("adam: the learning rate must be a finite number", error.Message);
        Assert.Equal(0.001, adam.LearningRate);
    }

    [Fact]
    public void Hyperparameters_outside_their_range_are_rejected()
    {
        Assert.Contains("SGD: momentum must be in [0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new SGD(momentum: 1.5)).Message);
        Assert.Contains("adam: beta1 must be in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta1: 1)).Message);
        Assert.Contains("adam: beta2 must be in [0, 1)", Assert.Throws<ArgumentOutOfRangeException>(() => new Adam(beta2: -0.1)).Message);
        Assert.Contains("rmsprop: rho must be in [0, 1]", Assert.Throws<ArgumentOutOfRangeException>(() => new RMSprop(rho: 2)).Message);
        Assert.Contains("rmsprop: momentum must be in [0, ∞)", Assert.Throws<ArgumentOutOfRangeException>(() => new RMSprop(momentum: -0.5)).Message);
        Assert.Contains("adagrad: initialAccumulatorValue must be in [0, ∞)", Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(initialAccumulatorValue: -1)).Message);
    }
}
