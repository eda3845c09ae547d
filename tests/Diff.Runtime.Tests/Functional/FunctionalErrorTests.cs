namespace DiffGen.Runtime.Tests.Functional;

/// <summary>The functional API's errors say what is wrong: the shapes, the unreachable output, the missing loss.</summary>
public sealed class FunctionalErrorTests
{
    [Fact]
    public void Calling_a_built_layer_on_another_shape_names_both_shapes()
    {
        var dense = new Dense(2, name: "picky");
        dense.Call(new Input([3]));

        var error = Assert.Throws<ArgumentException>(() => dense.Call(new Input([5])));
        Assert.Contains("'picky'", error.Message);
        Assert.Contains("(None, 3)", error.Message);
        Assert.Contains("(None, 5)", error.Message);
    }

    [Fact]
    public void Calling_the_model_on_a_wrong_shape_names_the_input_and_both_shapes()
    {
        var net = new TwoTowerModel("shape");

        var error = Assert.Throws<ArgumentException>(() => net.Model.Predict([Tensor.Zeros(4, 3), Tensor.Zeros(4, 2)]));
        Assert.Contains("'shape_b'", error.Message);
        Assert.Contains("(None, 3)", error.Message);
        Assert.Contains("(4, 2)", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Model.Predict([Tensor.Zeros(4, 3)]));
        Assert.Contains("2 input(s)", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Model.Call(Tensor.Zeros(4, 3)));
        Assert.Contains("Call([x1, x2, …])", error.Message);
    }

    [Fact]
    public void An_output_not_reachable_from_the_inputs_is_an_error_naming_the_missing_input()
    {
        var a = new Input([3], "given");
        var b = new Input([3], "forgotten");
        var output = new Dense(1, name: "needs_both").Call(new Add().Call(new Dense(2).Call(a), new Dense(2).Call(b)));

        var error = Assert.Throws<ArgumentException>(() => new Model(a, output));
        Assert.Contains("output 0 ('needs_both') is not reachable from the inputs", error.Message);
        Assert.Contains("'forgotten'", error.Message);
    }

    [Fact]
    public void Only_inputs_can_be_inputs()
    {
        var a = new Input([3]);
        var hidden = new Dense(2, name: "middle").Call(a);
        var error = Assert.Throws<ArgumentException>(() => new Model(hidden, new Dense(1).Call(hidden)));
        Assert.Contains("'middle'", error.Message);
    }

    [Fact]
    public void A_missing_loss_for_an_output_is_an_error_listing_the_outputs()
    {
        var net = new TwoTowerModel("loss");

        var error = Assert.Throws<ArgumentException>(() => net.Model.Compile(new SGD(), [new MeanSquaredError()]));
        Assert.Contains("2 output(s) (loss_wide, loss_narrow) but 1 loss(es)", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Model.Compile(new SGD(), new Dictionary<string, Loss> { ["loss_wide"] = new MeanSquaredError() }));
        Assert.Contains("no loss for output 'loss_narrow'", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Model.Compile(new SGD(), new Dictionary<string, string> { ["loss_wide"] = "mse", ["loss_narrow"] = "mse", ["typo"] = "mse" }));
        Assert.Contains("no output named 'typo'", error.Message);

        Assert.Null(net.Model.Optimizer);
    }

    [Fact]
    public void Fit_with_the_wrong_number_of_arrays_says_how_many_are_needed()
    {
        var net = new TwoTowerModel("arrays");
        net.Model.Compile(new SGD(), "mse");
        var (xa, xb) = TwoTowerModel.Inputs(4, 1);
        var (yw, _) = TwoTowerModel.Targets(4, 1);

        var error = Assert.Throws<ArgumentException>(() => net.Model.Fit([xa, xb], [yw], verbose: 0));
        Assert.Contains("2 output(s) (arrays_wide, arrays_narrow) but 1 y array(s)", error.Message);

        error = Assert.Throws<ArgumentException>(() => net.Model.Fit([xa, Tensor.Zeros(5, 3)], [yw, yw], verbose: 0));
        Assert.Contains("as many in each", error.Message);
    }
}
