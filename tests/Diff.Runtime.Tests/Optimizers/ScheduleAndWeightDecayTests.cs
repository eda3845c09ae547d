namespace DiffGen.Runtime.Tests.Optimizers;

/// <summary>
/// Learning-rate schedules (values by hand, Keras' formulas and boundary conventions), schedules driving each
/// optimizer's steps, and decoupled weight decay (AdamW by hand, exclusions, and the decay on other optimizers).
/// </summary>
public sealed class ScheduleAndWeightDecayTests
{
    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(5, 0.07071067811865475)] // 0.1·0.5^½
    [InlineData(10, 0.05)]
    [InlineData(25, 0.1 * 0.1767766952966369)] // 0.5^2.5
    public void ExponentialDecay_by_hand(long step, double expected) =>
        Assert.Equal(expected, new ExponentialDecay(0.1, decaySteps: 10, decayRate: 0.5).Call(step), 1e-7);

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(9, 0.1)]
    [InlineData(10, 0.05)]
    [InlineData(29, 0.025)]
    public void ExponentialDecay_staircase_drops_every_decay_steps(long step, double expected) =>
        Assert.Equal(expected, new ExponentialDecay(0.1, 10, 0.5, staircase: true).Call(step), 1e-7);

    [Theory]
    [InlineData(0, 0, 1.0)]
    [InlineData(0, 5, 0.5)]
    [InlineData(0, 10, 0.0)]
    [InlineData(0, 50, 0.0)] // flat after decaySteps
    [InlineData(0.1, 5, 0.55)] // (1 − α)·½ + α
    [InlineData(0.1, 10, 0.1)]
    [InlineData(0, 2, 0.9045084971874737)] // ½(1 + cos(π/5))
    public void CosineDecay_by_hand(double alpha, long step, double expected) =>
        Assert.Equal(expected, new CosineDecay(1.0, decaySteps: 10, alpha: alpha).Call(step), 1e-6);

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(2, 0.5)] // linear warmup from 0 to 1 over 4 steps
    [InlineData(4, 1.0)]
    [InlineData(9, 0.5)] // half way down the cosine
    [InlineData(14, 0.0)]
    [InlineData(100, 0.0)]
    public void CosineDecay_with_warmup_by_hand(long step, double expected) =>
        Assert.Equal(expected, new CosineDecay(0.0, decaySteps: 10, warmupTarget: 1.0, warmupSteps: 4).Call(step), 1e-6);

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(2, 1.0)] // step ≤ boundary keeps the earlier value
    [InlineData(3, 0.5)]
    [InlineData(5, 0.5)]
    [InlineData(6, 0.1)]
    [InlineData(1000, 0.1)]
    public void PiecewiseConstantDecay_by_hand(long step, double expected) =>
        Assert.Equal(expected, new PiecewiseConstantDecay([2, 5], [1.0, 0.5, 0.1]).Call(step), 1e-7);

    [Fact]
    public void Schedules_reject_bad_arguments_and_keep_their_own_copies()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1, 0, 0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => new CosineDecay(double.NaN, 10));
        Assert.Contains("one more value", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([1, 2], [1.0, 0.5])).Message);
        Assert.Contains("increase", Assert.Throws<ArgumentException>(() => new PiecewiseConstantDecay([5, 2], [1.0, 0.5, 0.1])).Message);

        long[] boundaries = [2];
        double[] values = [1.0, 0.5];
        var schedule = new PiecewiseConstantDecay(boundaries, values);
        boundaries[0] = 100;
        values[1] = 7;
        Assert.Equal(0.5, schedule.Call(3));
    }

    [Fact]
    public void SGD_follows_an_exponential_decay_step_by_step()
    {
        // lr 0.1, 0.05, 0.025 at steps 0, 1, 2; gradient 1 each time: w = 0.9, 0.85, 0.825.
        var sgd = new SGD(new ExponentialDecay(0.1, decaySteps: 1, decayRate: 0.5));
        var w = new Variable(Tensor.From([1f], 1));
        double[] expected = [0.9, 0.85, 0.825];
        for (var t = 0; t < 3; t++)
        {
            Assert.Equal(0.1 * Math.Pow(0.5, t), sgd.LearningRate, 1e-8);
            sgd.ApplyGradients([Tensor.From([1f], 1)], [w]);
            Assert.Equal(expected[t], w.ToArray()[0], 1e-6);
        }
    }

    [Fact]
    public void Every_optimizer_takes_a_schedule_where_it_takes_a_learning_rate()
    {
        var schedule = new PiecewiseConstantDecay([0], [0.1, 0.01]);
        Optimizer[] optimizers = [new SGD(schedule, momentum: 0.5), new Adam(schedule), new AdamW(schedule), new Nadam(schedule), new RMSprop(schedule), new Adagrad(schedule)];
        foreach (var optimizer in optimizers)
        {
            Assert.Same(schedule, optimizer.LearningRateSchedule);
            Assert.Equal(0.1, optimizer.LearningRate, 1e-7);
            optimizer.ApplyGradients([Tensor.From([1f], 1)], [new Variable(Tensor.From([1f], 1))]);
            Assert.Equal(0.01, optimizer.LearningRate, 1e-7);
            var error = Assert.Throws<InvalidOperationException>(() => optimizer.LearningRate = 0.5);
            Assert.Contains("PiecewiseConstantDecay", error.Message);
        }
    }

    [Fact]
    public void Adam_with_a_piecewise_schedule_matches_the_formula_with_the_rate_of_each_step()
    {
        // Adam's α uses the step's own rate: lr 0.1 for steps 0–1, then 0.02.
        double[] rates = [0.1, 0.1, 0.02, 0.02];
        var adam = new Adam(new PiecewiseConstantDecay([1], [0.1, 0.02]));
        var w = new Variable(Tensor.From([0.5f, -0.3f], 2));
        double[][] gradients = [[0.5, -0.2], [0.1, 0.4], [-0.3, 0.2], [0.2, 0.2]];
        var expected = KerasReference.Run([0.5, -0.3], gradients, KerasReference.AdamW(t => rates[t], weightDecay: 0));
        // Keras' float32 1 − β₂ᵗ is off by ~1e-5 relative at t = 1, so the tolerance is 1e-5 of a step of 0.1; a
        // wrong rate at any step would be off by over 1e-3.
        for (var t = 0; t < gradients.Length; t++)
        {
            adam.ApplyGradients([Tensor.From(gradients[t], 2)], [w]);
            Assert.Equal(expected[t][0], w.ToArray()[0], 1e-5);
            Assert.Equal(expected[t][1], w.ToArray()[1], 1e-5);
        }
    }

    [Fact]
    public void AdamW_first_step_by_hand()
    {
        // Decay first: 1 − 1·0.004·0.001 = 0.999996; then Adam's first step of 0.0009999936754846 (see Adam's test).
        var w = new Variable(Tensor.From([1f], 1));
        new AdamW().ApplyGradients([Tensor.From([0.5f], 1)], [w]);
        Assert.Equal(0.999996 - 0.0009999936754846, w.ToArray()[0], 1e-7);
    }

    [Fact]
    public void AdamW_decays_with_the_scheduled_rate()
    {
        // Zero gradients: Adam's step is 0 (m = 0), so only the decay acts: w·(1 − wd·lrₜ) with lr 0.1 then 0.05.
        var adamW = new AdamW(new ExponentialDecay(0.1, 1, 0.5), weightDecay: 0.5);
        var w = new Variable(Tensor.From([2f], 1));
        adamW.ApplyGradients([Tensor.From([0f], 1)], [w]);
        Assert.Equal(2 * 0.95, w.ToArray()[0], 1e-6);
        adamW.ApplyGradients([Tensor.From([0f], 1)], [w]);
        Assert.Equal(2 * 0.95 * 0.975, w.ToArray()[0], 1e-6);
    }

    [Fact]
    public void Excluded_variables_get_no_weight_decay()
    {
        var kernel = new Variable(Tensor.From([1f], 1), "kernel");
        var bias = new Variable(Tensor.From([1f], 1), "bias");
        var other = new Variable(Tensor.From([1f], 1), "other");
        var plain = new Variable(Tensor.From([1f], 1), "plain");
        var adamW = new AdamW(learningRate: 0.1, weightDecay: 0.5);
        adamW.ExcludeFromWeightDecay(variables: [other], names: ["bi"]);
        var adam = new Adam(learningRate: 0.1);

        Tensor g = Tensor.From([0.5f], 1);
        adamW.ApplyGradients([g, g, g], [kernel, bias, other]);
        adam.ApplyGradients([g], [plain]);

        Assert.Equal(plain.ToArray(), bias.ToArray());
        Assert.Equal(plain.ToArray(), other.ToArray());
        Assert.Equal(plain.ToArray()[0] - 0.05, kernel.ToArray()[0], 1e-6); // 1·0.5·0.1 less
    }

    [Fact]
    public void Any_optimizer_takes_a_weight_decay_as_keras_3_does()
    {
        // SGD, lr 0.1, wd 0.2, g 1: w = 1 − 1·0.2·0.1 − 0.1 = 0.88.
        var sgd = new SGD(learningRate: 0.1) { WeightDecay = 0.2 };
        var w = new Variable(Tensor.From([1f], 1));
        var before = w.Value;
        sgd.ApplyGradients([Tensor.From([1f], 1)], [w]);
        Assert.Equal(0.88, w.ToArray()[0], 1e-6);
        Assert.Equal([1f], before.ToArray()); // the old value tensor is untouched
        Assert.Throws<ArgumentOutOfRangeException>(() => new SGD { WeightDecay = -1 });
    }

    [Fact]
    public void Nadam_first_step_by_hand()
    {
        // μ₁ = 0.9·(1 − 0.5·0.96) = 0.468, μ₂ = 0.9·(1 − 0.5·0.9216) = 0.48528; g = 0.5: m = 0.05, v = 0.00025.
        // m̂ = 0.48528·0.05/(1 − 0.468·0.48528) + 0.532·0.5/0.532; v̂ = 0.25.
        var mHat = (0.48528 * 0.05 / (1 - (0.468 * 0.48528))) + 0.5;
        var expected = 1 - (0.001 * mHat / (0.5 + 1e-7));
        var w = new Variable(Tensor.From([1f], 1));
        new Nadam().ApplyGradients([Tensor.From([0.5f], 1)], [w]);
        Assert.Equal(expected, w.ToArray()[0], 1e-7);
    }

    [Fact]
    public void Fit_steps_the_schedule_once_per_batch()
    {
        using var seed = RandomSeed.Scope(4);
        var model = new Sequential(new Input(2), new Dense(1));
        var schedule = new ExponentialDecay(0.05, decaySteps: 4, decayRate: 0.5);
        model.Compile(optimizer: new SGD(schedule), loss: "mse");
        var x = Tensor.RandomNormal(new Shape(16, 2), seed: 4);
        var y = Tensor.RandomNormal(new Shape(16, 1), seed: 5);
        model.Fit(x, y, epochs: 2, batchSize: 4, verbose: 0);

        Assert.Equal(8, model.Optimizer!.Iterations);
        Assert.Equal(0.05 * 0.25, model.Optimizer.LearningRate, 1e-8);
    }
}
