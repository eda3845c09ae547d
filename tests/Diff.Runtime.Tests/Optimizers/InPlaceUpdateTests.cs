namespace DiffGen.Runtime.Tests.Optimizers;

/// <summary>
/// SGD writes a variable's next value into the old value's memory when no one can read the old one, and a new tensor
/// otherwise: every way a reference to a value can be kept (a public read, GetWeights, Assign, a reshape, a tape
/// still to be asked) keeps that value's contents, while a layer's own forward read lets the update happen in place.
/// </summary>
public sealed class InPlaceUpdateTests
{
    private static (Sequential Model, Tensor X, Tensor Y) NewModel(int seed = 1)
    {
        var model = new Sequential(new Dense(5, activation: "relu"), new Dense(3));
        model.Build(4);
        var x = Tensor.RandomUniform(new Shape(8, 4), seed: seed);
        var y = Tensor.RandomUniform(new Shape(8, 3), seed: seed + 1);
        return (model, x, y);
    }

    private static void Step(Sequential model, Optimizer optimizer, Tensor x, Tensor y)
    {
        var variables = model.TrainableVariables;
        Tensor?[] gradients;
        using (var tape = new GradientTape())
        {
            gradients = tape.Gradient(DiffGen.Losses.Get("mse").Call(y, model.Call(x, training: true)), variables);
        }

        optimizer.ApplyGradients(gradients, variables);
    }

    [Fact]
    public void A_step_after_only_forward_reads_updates_the_value_in_place_with_the_same_result()
    {
        var (model, x, y) = NewModel();
        var (copy, _, _) = NewModel();
        foreach (var (target, source) in copy.TrainableVariables.Zip(model.TrainableVariables))
        {
            target.Assign(Tensor.From(source.ToArray(), source.Shape));
        }

        var kernel = model.TrainableVariables[0];
        Step(model, new SGD(0.1), x, y);   // the first step: the value came from an initializer via Assign-like paths
        Step(copy, new SGD(0.1), x, y);
        var before = kernel.Peek();
        Step(model, new SGD(0.1), x, y);
        Step(copy, new SGD(0.1), x, y);

        Assert.Same(before, kernel.Peek());
        Assert.Equal(copy.TrainableVariables[0].ToArray(), kernel.ToArray());
        Assert.NotEqual(TensorAfterOneStepFrom(copy), kernel.ToArray());
    }

    private static float[] TensorAfterOneStepFrom(Sequential copy)
    {
        var (model, x, y) = NewModel();
        foreach (var (target, source) in model.TrainableVariables.Zip(copy.TrainableVariables))
        {
            target.Assign(Tensor.From(source.ToArray(), source.Shape));
        }

        Step(model, new SGD(0.1), x, y);
        return model.TrainableVariables[0].ToArray();
    }

    public static TheoryData<string> Escapes() => ["Value", "GetWeights", "Reshape", "implicit conversion"];

    [Theory]
    [MemberData(nameof(Escapes))]
    public void A_value_read_before_a_step_keeps_its_contents(string how)
    {
        var (model, x, y) = NewModel();
        var optimizer = new SGD(0.1);
        Step(model, optimizer, x, y);
        Step(model, optimizer, x, y);   // now updated in place
        var dense = (Dense)model.Layers[0];
        Tensor read = how switch
        {
            "Value" => dense.Kernel!.Value,
            "GetWeights" => dense.GetWeights()[0],
            "Reshape" => DiffGen.Ops.Reshape(dense.Kernel!.Peek(), -1),
            _ => (Tensor)dense.Kernel!,
        };
        var snapshot = read.ToArray();
        Step(model, optimizer, x, y);
        Step(model, optimizer, x, y);

        Assert.Equal(snapshot, read.ToArray());
        Assert.NotEqual(snapshot, dense.Kernel!.ToArray());
    }

    [Fact]
    public void A_tensor_given_to_Assign_is_never_written()
    {
        var (model, x, y) = NewModel();
        var mine = Tensor.RandomUniform(new Shape(4, 5), seed: 9);
        var snapshot = mine.ToArray();
        model.TrainableVariables[0].Assign(mine);
        var optimizer = new SGD(0.1);
        Step(model, optimizer, x, y);
        Step(model, optimizer, x, y);
        Assert.Equal(snapshot, mine.ToArray());
    }

    [Fact]
    public void A_persistent_tape_asked_again_after_a_step_still_sees_the_values_it_recorded()
    {
        var (model, x, y) = NewModel();
        var optimizer = new SGD(0.5);
        Step(model, optimizer, x, y);
        var variables = model.TrainableVariables;
        using var tape = new GradientTape(persistent: true);
        var loss = DiffGen.Losses.Get("mse").Call(y, model.Call(x, training: true));
        var first = tape.Gradient(loss, variables);
        optimizer.ApplyGradients(first, variables);
        var second = tape.Gradient(loss, variables);
        for (var i = 0; i < first.Length; i++)
        {
            Assert.Equal(first[i]!.ToArray(), second[i]!.ToArray());
        }
    }

    [Fact]
    public void A_tape_not_yet_asked_keeps_the_values_it_recorded_through_a_step()
    {
        var (model, x, y) = NewModel();
        var optimizer = new SGD(0.5);
        Step(model, optimizer, x, y);
        var variables = model.TrainableVariables;
        using var tape = new GradientTape();
        var loss = DiffGen.Losses.Get("mse").Call(y, model.Call(x, training: true));
        var before = variables[0].Peek();
        var snapshot = before.ToArray();

        // A step from elsewhere (another tape's gradients) while this tape still holds the kernel it read.
        Step(model, optimizer, x, y);
        Assert.Equal(snapshot, before.ToArray());
        Assert.NotSame(before, variables[0].Peek());
        Assert.NotNull(tape.Gradient(loss, variables)[0]);
    }

    [Fact]
    public void Optimizers_that_cannot_update_in_place_give_the_old_array_back_and_stay_correct()
    {
        // Adam writes scratch into its result before reading the value: it gets a new array, the old one is pooled.
        var (model, x, y) = NewModel();
        var (copy, _, _) = NewModel();
        foreach (var (target, source) in copy.TrainableVariables.Zip(model.TrainableVariables))
        {
            target.Assign(Tensor.From(source.ToArray(), source.Shape));
        }

        var adam = new Adam(0.01);
        var reference = new Adam(0.01);
        for (var i = 0; i < 3; i++)
        {
            using (new TensorScope())
            {
                Step(model, adam, x, y);
            }

            Step(copy, reference, x, y);
            _ = copy.TrainableVariables[0].Value;   // shared: the reference model always takes the copying path
        }

        Assert.Equal(copy.TrainableVariables[0].ToArray(), model.TrainableVariables[0].ToArray());
    }
}
