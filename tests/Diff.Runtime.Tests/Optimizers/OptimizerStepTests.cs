namespace DiffGen.Runtime.Tests.Optimizers;

/// <summary>
/// Each optimizer's first steps with Keras' defaults against <see cref="KerasReference"/> (Keras 3's formulas in
/// double) and a few values worked out by hand.
/// </summary>
public sealed class OptimizerStepTests
{
    private static readonly double[] Initial = [1.0, -2.0, 0.5, 3.0];

    // Three steps of gradients with mixed signs and sizes, one of them zero, so that every term of each rule matters.
    private static readonly double[][] Gradients =
    [
        [0.5, -0.3, 2.0, 0.0],
        [-0.2, 0.4, 1.0, 0.7],
        [0.1, 0.25, -1.5, 0.05],
    ];

    public static TheoryData<string, Func<Optimizer>, Func<Func<int, double[], double[], double[]>>> Rules => new()
    {
        { "SGD", () => new SGD(), () => KerasReference.Sgd(0.01) },
        { "SGD momentum", () => new SGD(momentum: 0.9), () => KerasReference.Sgd(0.01, 0.9) },
        { "SGD Nesterov", () => new SGD(learningRate: 0.05, momentum: 0.8, nesterov: true), () => KerasReference.Sgd(0.05, 0.8, nesterov: true) },
        { "Adam", () => new Adam(), () => KerasReference.Adam() },
        { "Adam lr 0.1", () => new Adam(learningRate: 0.1, beta1: 0.5, beta2: 0.9), () => KerasReference.Adam(0.1, 0.5, 0.9) },
        { "Adam AMSGrad", () => new Adam(learningRate: 0.1, amsgrad: true), () => KerasReference.Adam(0.1, amsgrad: true) },
        { "RMSprop", () => new RMSprop(), () => KerasReference.RmsProp() },
        { "RMSprop centered", () => new RMSprop(learningRate: 0.01, centered: true), () => KerasReference.RmsProp(0.01, centered: true) },
        { "RMSprop momentum", () => new RMSprop(learningRate: 0.01, momentum: 0.9), () => KerasReference.RmsProp(0.01, momentum: 0.9) },
        { "RMSprop centered momentum", () => new RMSprop(learningRate: 0.01, rho: 0.8, momentum: 0.5, centered: true), () => KerasReference.RmsProp(0.01, 0.8, 0.5, centered: true) },
        { "Adagrad", () => new Adagrad(), () => KerasReference.Adagrad() },
        { "Adagrad no initial accumulator", () => new Adagrad(learningRate: 0.01, initialAccumulatorValue: 0), () => KerasReference.Adagrad(0.01, 0) },
        { "Adagrad lr 0.5", () => new Adagrad(learningRate: 0.5, initialAccumulatorValue: 0.01), () => KerasReference.Adagrad(0.5, 0.01) },
        { "AdamW", () => new AdamW(), () => KerasReference.AdamW() },
        { "AdamW strong decay", () => new AdamW(learningRate: 0.1, weightDecay: 0.5, beta1: 0.5), () => KerasReference.AdamW(0.1, 0.5, 0.5) },
        { "Nadam", () => new Nadam(), () => KerasReference.Nadam() },
        { "Nadam lr 0.1", () => new Nadam(learningRate: 0.1, beta1: 0.5, beta2: 0.9), () => KerasReference.Nadam(0.1, 0.5, 0.9) },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void First_three_steps_match_Kerases_formulas(string rule, Func<Optimizer> create, Func<Func<int, double[], double[], double[]>> reference)
    {
        // Weights of about 0.1: the tolerance, a few ulps of the weight, is then small enough that even the slowest
        // rules (Keras' default Adam and Adagrad, about 4e-4 in three steps) move every weight by many tolerances.
        const double Scale = 0.1;
        var initial = Initial.Select(w => w * Scale).ToArray();
        var optimizer = create();
        var variable = new Variable(Tensor.From(initial, 2, 2), "w");
        var expected = KerasReference.Run(initial, Gradients, reference());
        AssertEveryElementMovesFarBeyondTheTolerance(initial, expected[^1], Scale, rule);

        for (var t = 0; t < Gradients.Length; t++)
        {
            optimizer.ApplyGradients([Tensor.From(Gradients[t], 2, 2)], [variable]);
            Assert.Equal(t + 1, optimizer.Iterations);
            AssertClose(initial, expected[t], variable.ToArray(), Scale, $"{rule}, step {t + 1}");
        }
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public void Epsilon_sits_where_Keras_puts_it(string rule, Func<Optimizer> create, Func<Func<int, double[], double[], double[]>> reference)
    {
        // Gradients of 1e-6: √v is then about ε, so ε inside or outside the square root changes the step severalfold.
        // The weights are scaled by 1e-6 too, so that the rules whose step shrinks with the gradient (SGD, Adagrad)
        // still move them by many float ulps, and the tolerance is relative to that scale: no rule's whole movement
        // fits inside it (checked first), so an optimizer that did nothing would fail.
        const double Scale = 1e-6;
        var initial = Initial.Select(w => w * Scale).ToArray();
        var tiny = Gradients.Select(g => g.Select(x => x * Scale).ToArray()).ToArray();
        var optimizer = create();
        var variable = new Variable(Tensor.From(initial, 2, 2), "w");
        var expected = KerasReference.Run(initial, tiny, reference());
        AssertEveryElementMovesFarBeyondTheTolerance(initial, expected[^1], Scale, rule);

        foreach (var g in tiny)
        {
            optimizer.ApplyGradients([Tensor.From(g, 2, 2)], [variable]);
        }

        AssertClose(initial, expected[^1], variable.ToArray(), Scale, $"{rule} with tiny gradients");
    }

    [Fact]
    public void SGD_steps_by_hand()
    {
        // w = 1, g = 0.5, lr 0.01: plain 1 − 0.005; momentum 0.9: v = −0.005, then −0.0045 − 0.005 = −0.0095.
        Assert.Equal(0.995, OneVariable(new SGD(), 1, 0.5)[0], 1e-7);
        var momentum = OneVariable(new SGD(momentum: 0.9), 1, 0.5, 0.5);
        Assert.Equal(0.995, momentum[0], 1e-7);
        Assert.Equal(0.9855, momentum[1], 1e-7);

        // Nesterov: w += 0.9·v − 0.005 with the updated v: −0.0095, then −0.01355.
        var nesterov = OneVariable(new SGD(momentum: 0.9, nesterov: true), 1, 0.5, 0.5);
        Assert.Equal(0.9905, nesterov[0], 1e-7);
        Assert.Equal(0.97695, nesterov[1], 1e-7);
    }

    [Fact]
    public void Adam_first_step_is_about_the_learning_rate_times_the_sign()
    {
        // m = 0.05, v = 0.00025, α = 0.001·√0.001/0.1; 1 − α·m/(√v + 1e-7) = 0.99900000632 (ε shows in the 9th digit).
        Assert.Equal(0.9990000063245154, OneVariable(new Adam(), 1, 0.5)[0], 1e-7);
    }

    [Fact]
    public void RMSprop_matches_the_example_in_Kerases_docstring()
    {
        // keras.optimizers.RMSprop(learning_rate=0.1), var1 = 10, loss = var1²/2 so the gradient is 10: 9.683772.
        Assert.Equal(9.683772, OneVariable(new RMSprop(learningRate: 0.1), 10, 10)[0], 1e-5);
    }

    [Fact]
    public void Adagrad_first_step_by_hand()
    {
        // a = 0.1 + 0.25; 1 − 0.001·0.5/√(0.35 + 1e-7).
        Assert.Equal(0.9991548458660078, OneVariable(new Adagrad(), 1, 0.5)[0], 1e-7);
    }

    [Fact]
    public void Adams_bias_correction_counts_every_step_not_the_variables_own()
    {
        // Keras uses optimizer.iterations + 1: a variable that first gets a gradient at step 3 is corrected with t = 3.
        var adam = new Adam(learningRate: 0.1);
        var a = new Variable(Tensor.From([1f], 1), "a");
        var b = new Variable(Tensor.From([2f], 1), "b");
        adam.ApplyGradients([Tensor.From([0.5f], 1), null], [a, b]);
        adam.ApplyGradients([Tensor.From([0.5f], 1), null], [a, b]);
        adam.ApplyGradients([Tensor.From([0.5f], 1), Tensor.From([0.3f], 1)], [a, b]);

        var alpha = 0.1 * Math.Sqrt(1 - Math.Pow(0.999, 3)) / (1 - Math.Pow(0.9, 3));
        double m = 0.3 * 0.1, v = 0.09 * 0.001;
        Assert.Equal(2 - (alpha * m / (Math.Sqrt(v) + 1e-7)), b.ToArray()[0], 1e-6);
    }

    [Fact]
    public void State_is_kept_per_variable()
    {
        var sgd = new SGD(learningRate: 0.1, momentum: 0.5);
        var a = new Variable(Tensor.From([0f], 1), "a");
        var b = new Variable(Tensor.From([0f], 1), "b");
        sgd.ApplyGradients([Tensor.From([1f], 1), Tensor.From([-2f], 1)], [a, b]);
        sgd.ApplyGradients([Tensor.From([1f], 1), Tensor.From([-2f], 1)], [a, b]);

        // a: v = −0.1, then −0.05 − 0.1 = −0.15 → −0.25; b: +0.2, then +0.3 → 0.5.
        Assert.Equal(-0.25, a.ToArray()[0], 1e-6);
        Assert.Equal(0.5, b.ToArray()[0], 1e-6);
    }

    [Fact]
    public void A_new_learning_rate_applies_from_the_next_step()
    {
        var sgd = new SGD(learningRate: 0.1);
        var w = new Variable(Tensor.From([1f], 1));
        sgd.ApplyGradients([Tensor.From([1f], 1)], [w]);
        sgd.LearningRate = 0.5;
        sgd.ApplyGradients([Tensor.From([1f], 1)], [w]);

        Assert.Equal(0.5, sgd.LearningRate);
        Assert.Equal(1 - 0.1 - 0.5, w.ToArray()[0], 1e-6);
    }

    [Fact]
    public void A_value_read_before_a_step_does_not_change()
    {
        var w = new Variable(Tensor.From([1f, 2f], 2));
        var before = w.Value;
        new Adam(learningRate: 0.1).ApplyGradients([Tensor.From([1f, -1f], 2)], [w]);

        Assert.Equal([1f, 2f], before.ToArray());
        Assert.NotEqual(before.ToArray(), w.ToArray());
        Assert.NotSame(before, w.Value);
    }

    [Fact]
    public void Large_variables_take_the_vectorized_path_and_its_remainder()
    {
        // 37 elements: whole SIMD blocks plus a tail, every element checked against the reference.
        var initial = Enumerable.Range(0, 37).Select(i => Math.Sin(i)).ToArray();
        var gradients = new[] { Enumerable.Range(0, 37).Select(i => Math.Cos(3 * i)).ToArray(), Enumerable.Range(0, 37).Select(i => 0.1 * i).ToArray() };
        var expected = KerasReference.Run(initial, gradients, KerasReference.Adam(0.01));
        var w = new Variable(Tensor.From(initial, 37));
        var adam = new Adam(learningRate: 0.01);
        foreach (var g in gradients)
        {
            adam.ApplyGradients([Tensor.From(g, 37)], [w]);
        }

        AssertClose(initial, expected[^1], w.ToArray(), scale: 1, "Adam on 37 elements");
    }

    /// <summary>Steps a one-element variable starting at <paramref name="initial"/> with each gradient; its value after each step.</summary>
    private static double[] OneVariable(Optimizer optimizer, double initial, params double[] gradients)
    {
        var variable = new Variable(Tensor.From(new[] { initial }, 1));
        return gradients.Select(g =>
        {
            optimizer.ApplyGradients([Tensor.From(new[] { g }, 1)], [variable]);
            return (double)variable.ToArray()[0];
        }).ToArray();
    }

    /// <summary>
    /// float32 arithmetic against double: a few ulps of the weight, or of <paramref name="scale"/> (the size of the
    /// weights in the test) for weights near 0; plus 1e-4 of the whole movement, because the step itself is good to
    /// only about 1e-5 in float32 (Adam's bias correction 1 − β₂ᵗ cancels five digits; Keras computes it in the
    /// variable's dtype too). A wrong rule, or an ε in the wrong place, changes the step by far more.
    /// </summary>
    private static double Tolerance(double initial, double expected, double scale) =>
        (2e-6 * Math.Max(scale, Math.Abs(expected))) + (1e-4 * Math.Abs(expected - initial));

    private static void AssertClose(double[] initial, double[] expected, float[] actual, double scale, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            var tolerance = Tolerance(initial[i], expected[i], scale);
            Assert.True(Math.Abs(expected[i] - actual[i]) <= tolerance, $"{what}, element {i}: expected {expected[i]:R}, got {actual[i]:R}");
        }
    }

    /// <summary>
    /// The test's own premise: the reference moves every element by at least 100 tolerances, so that leaving a weight
    /// where it was (or moving it a little) fails <see cref="AssertClose"/>.
    /// </summary>
    private static void AssertEveryElementMovesFarBeyondTheTolerance(double[] initial, double[] final, double scale, string rule)
    {
        for (var i = 0; i < initial.Length; i++)
        {
            var movement = Math.Abs(final[i] - initial[i]);
            var tolerance = Tolerance(initial[i], final[i], scale);
            Assert.True(movement >= 100 * tolerance, $"{rule}, element {i}: moves {movement:G3}, only {movement / tolerance:G3} tolerances");
        }
    }
}
