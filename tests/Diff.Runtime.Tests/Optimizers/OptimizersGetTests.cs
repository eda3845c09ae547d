namespace DiffGen.Runtime.Tests.Optimizers;

/// <summary>Optimizers by name, with Keras' defaults and names.</summary>
public sealed class OptimizersGetTests
{
    [Theory]
    [InlineData("sgd", typeof(SGD), "SGD", 0.01)]
    [InlineData("SGD", typeof(SGD), "SGD", 0.01)]
    [InlineData("adam", typeof(Adam), "adam", 0.001)]
    [InlineData("Adam", typeof(Adam), "adam", 0.001)]
    [InlineData("rmsprop", typeof(RMSprop), "rmsprop", 0.001)]
    [InlineData("RMSprop", typeof(RMSprop), "rmsprop", 0.001)]
    [InlineData("adagrad", typeof(Adagrad), "adagrad", 0.001)]
    [InlineData("adamw", typeof(AdamW), "adamw", 0.001)]
    [InlineData("AdamW", typeof(AdamW), "adamw", 0.001)]
    [InlineData("nadam", typeof(Nadam), "nadam", 0.001)]
    public void Known_names_give_Kerases_defaults(string name, Type type, string kerasName, double learningRate)
    {
        var optimizer = DiffGen.Optimizers.Get(name);

        Assert.IsType(type, optimizer);
        Assert.Equal(kerasName, optimizer.Name);
        Assert.Equal(learningRate, optimizer.LearningRate);
        Assert.Null(optimizer.ClipNorm);
        Assert.Null(optimizer.ClipValue);
        Assert.Null(optimizer.GlobalClipNorm);
        Assert.Equal(0, optimizer.Iterations);
    }

    [Fact]
    public void Typed_defaults_are_Kerases()
    {
        var sgd = new SGD();
        Assert.Equal((0.01, 0.0, false), (sgd.LearningRate, sgd.Momentum, sgd.Nesterov));
        var adam = new Adam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7, false), (adam.LearningRate, adam.Beta1, adam.Beta2, adam.Epsilon, adam.Amsgrad));
        var rmsprop = new RMSprop();
        Assert.Equal((0.001, 0.9, 0.0, 1e-7, false), (rmsprop.LearningRate, rmsprop.Rho, rmsprop.Momentum, rmsprop.Epsilon, rmsprop.Centered));
        var adagrad = new Adagrad();
        Assert.Equal((0.001, 0.1, 1e-7), (adagrad.LearningRate, adagrad.InitialAccumulatorValue, adagrad.Epsilon));
        var adamW = new AdamW();
        Assert.Equal((0.001, 0.004, 0.9, 0.999, 1e-7, false), (adamW.LearningRate, adamW.WeightDecay, adamW.Beta1, adamW.Beta2, adamW.Epsilon, adamW.Amsgrad));
        var nadam = new Nadam();
        Assert.Equal((0.001, 0.9, 0.999, 1e-7), (nadam.LearningRate, nadam.Beta1, nadam.Beta2, nadam.Epsilon));
        Assert.Null(adam.WeightDecay);
    }

    [Fact]
    public void Each_call_gives_a_fresh_optimizer()
    {
        Assert.NotSame(DiffGen.Optimizers.Get("adam"), DiffGen.Optimizers.Get("adam"));
    }

    [Theory]
    [InlineData("adamax")]
    [InlineData("")]
    [InlineData(" sgd")]
    [InlineData("gradient_descent")]
    public void An_unknown_name_is_an_error_listing_the_known_ones(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => DiffGen.Optimizers.Get(name));

        Assert.Contains($"Unknown optimizer '{name}'", error.Message);
        Assert.Contains("Known optimizers: 'adagrad', 'adam', 'adamw', 'nadam', 'rmsprop', 'sgd'.", error.Message);
    }

    [Fact]
    public void KnownNames_lists_them()
    {
        Assert.Equal(["adagrad", "adam", "adamw", "nadam", "rmsprop", "sgd"], DiffGen.Optimizers.KnownNames);
    }
}
