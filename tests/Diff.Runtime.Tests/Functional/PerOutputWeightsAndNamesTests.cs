using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Functional;

/// <summary>
/// What a Keras user of a two-input, two-output model writes next: per-output sample weights (arrays, streams of
/// batches), inputs, targets and weights by name (Keras' dict inputs), and <c>Evaluate</c>/<c>Predict</c> over a stream
/// of batches of several tensors. Values against the model's double-precision reference, a training step's gradient
/// against central differences of the weighted loss in double.
/// </summary>
public sealed class PerOutputWeightsAndNamesTests
{
    private const int Samples = 12;

    [Fact]
    public void Per_output_sample_weights_weigh_each_outputs_loss_as_a_double_computation_does()
    {
        var net = new TwoTowerModel("pw_eval");
        var (xa, xb, yw, yn, ww, _) = Data();
        net.Model.Compile(new SGD(), ["mse", "mae"]);

        var logs = net.Model.EvaluateAll([xa, xb], [yw, yn], batchSize: 5, verbose: 0, sampleWeights: [ww, null]);

        var (wide, narrow) = ReferenceLosses(Point(net, xa, xb), yw, yn, ww, null);
        Assert.Equal(wide, logs["pw_eval_wide_loss"], 1e-5);
        Assert.Equal(narrow, logs["pw_eval_narrow_loss"], 1e-5);
        Assert.Equal(wide + narrow, logs["loss"], 1e-5);
    }

    [Fact]
    public void A_training_step_with_per_output_weights_follows_the_central_difference_gradient_of_the_weighted_loss()
    {
        const float rate = 0.1f;
        var net = new TwoTowerModel("pw_grad");
        var (xa, xb, yw, yn, ww, wn) = Data();
        var before = Point(net, xa, xb);
        net.Model.Compile(new SGD(learningRate: rate), ["mse", "mae"]);

        net.Model.Fit([xa, xb], [yw, yn], epochs: 1, batchSize: Samples, shuffle: false, verbose: 0, sampleWeights: [ww, wn]);

        // SGD: w ← w − rate·g, so g = (w_before − w_after) / rate.
        var after = net.Weights.Select(v => v.Peek().ToArray()).ToArray();
        for (var p = 2; p < before.Length; p++)
        {
            for (var j = 0; j < before[p].Data.Length; j++)
            {
                var step = 1e-6 * Math.Max(1, Math.Abs(before[p].Data[j]));
                double Loss(double delta)
                {
                    var point = before.Select(r => new Ref((int[])r.Shape.Clone(), (double[])r.Data.Clone())).ToArray();
                    point[p].Data[j] += delta;
                    var (a, b) = ReferenceLosses(point, yw, yn, ww, wn);
                    return a + b;
                }

                var expected = (Loss(step) - Loss(-step)) / (2 * step);
                var actual = (before[p].Data[j] - after[p - 2][j]) / rate;
                Assert.True(Math.Abs(actual - expected) <= 1e-3 * Math.Max(1, Math.Abs(expected)), $"weight {p - 2}[{j}]: step gives {actual}, central differences {expected}");
            }
        }
    }

    [Fact]
    public void A_stream_of_batches_with_per_output_weights_trains_as_the_arrays_do()
    {
        var fromArrays = new TwoTowerModel("pw_arrays");
        var fromStream = new TwoTowerModel("pw_stream");
        var (xa, xb, yw, yn, ww, wn) = Data();
        fromArrays.Model.Compile(new SGD(learningRate: 0.1), ["mse", "mae"]);
        fromStream.Model.Compile(new SGD(learningRate: 0.1), ["mse", "mae"]);

        IEnumerable<(Tensor[] X, Tensor[] Y, Tensor?[] SampleWeights)> Batches()
        {
            for (var start = 0; start < Samples; start += 4)
            {
                Tensor Rows(Tensor t) => Tensor.From(t.ToArray()[(start * (t.Size / Samples))..((start + 4) * (t.Size / Samples))], [4, .. t.Shape.Dimensions[1..]]);
                yield return ([Rows(xa), Rows(xb)], [Rows(yw), Rows(yn)], [Rows(ww), Rows(wn)]);
            }
        }

        var h1 = fromArrays.Model.Fit([xa, xb], [yw, yn], epochs: 2, batchSize: 4, shuffle: false, verbose: 0, sampleWeights: [ww, wn]);
        var h2 = fromStream.Model.Fit(Batches(), epochs: 2, verbose: 0);

        Assert.Equal(h1["loss"], h2["loss"]);
        Assert.Equal(fromArrays.Model.Weights.Select(w => w.Peek().ToArray()), fromStream.Model.Weights.Select(w => w.Peek().ToArray()));
    }

    [Fact]
    public void Inputs_targets_and_weights_by_name_give_what_the_positional_arrays_give()
    {
        var positional = new TwoTowerModel("pos");
        var named = new TwoTowerModel("named");
        var (xa, xb, yw, yn, ww, _) = Data();
        positional.Model.Compile(new SGD(learningRate: 0.1), ["mse", "mae"]);
        named.Model.Compile(new SGD(learningRate: 0.1), ["mse", "mae"]);
        Assert.Equal(["named_a", "named_b"], named.Model.InputNames);

        // Given in another order than the model's: names decide.
        var x = new Dictionary<string, Tensor> { ["named_b"] = xb, ["named_a"] = xa };
        var y = new Dictionary<string, Tensor> { ["named_narrow"] = yn, ["named_wide"] = yw };
        var h1 = positional.Model.Fit([xa, xb], [yw, yn], epochs: 2, batchSize: 5, shuffle: false, verbose: 0, sampleWeights: [ww, null]);
        var h2 = named.Model.Fit(x, y, epochs: 2, batchSize: 5, shuffle: false, verbose: 0, sampleWeight: new Dictionary<string, Tensor> { ["named_wide"] = ww });

        Assert.Equal(h1["loss"], h2["loss"]);
        Assert.Equal(positional.Model.Weights.Select(w => w.Peek().ToArray()), named.Model.Weights.Select(w => w.Peek().ToArray()));
        Assert.Equal(positional.Model.Evaluate([xa, xb], [yw, yn], verbose: 0), named.Model.Evaluate(x, y, verbose: 0));
        var predicted = named.Model.Predict(x);
        var expected = positional.Model.Predict([xa, xb]);
        Assert.Equal(expected[0].ToArray(), predicted["named_wide"].ToArray());
        Assert.Equal(expected[1].ToArray(), predicted["named_narrow"].ToArray());

        // Streams of batches by name.
        IEnumerable<(IReadOnlyDictionary<string, Tensor> X, IReadOnlyDictionary<string, Tensor> Y)> Stream() { yield return (x, y); }
        Assert.Equal(named.Model.EvaluateAll(x, y, batchSize: Samples, verbose: 0)["loss"], named.Model.EvaluateAll(Stream(), verbose: 0)["loss"]);
        Assert.Equal(expected[1].ToArray(), named.Model.Predict(Stream().Select(b => b.X))["named_narrow"].ToArray());
    }

    [Fact]
    public void Evaluate_and_Predict_over_a_stream_of_several_tensor_batches_match_the_arrays()
    {
        var net = new TwoTowerModel("pw_stream_predict");
        var (xa, xb, yw, yn, _, _) = Data();
        net.Model.Compile(new SGD(), ["mse", "mae"]);

        IEnumerable<Tensor[]> Inputs()
        {
            for (var start = 0; start < Samples; start += 5)
            {
                var count = Math.Min(5, Samples - start);
                Tensor Rows(Tensor t) => Tensor.From(t.ToArray().AsSpan(start * 3, count * 3), new Shape(count, 3));
                yield return [Rows(xa), Rows(xb)];
            }
        }

        var streamed = net.Model.Predict(Inputs());
        var whole = net.Model.Predict([xa, xb]);
        Assert.Equal(whole[0].ToArray(), streamed[0].ToArray());
        Assert.Equal(whole[1].ToArray(), streamed[1].ToArray());
        Assert.Equal(net.Model.Evaluate([xa, xb], [yw, yn], batchSize: Samples, verbose: 0), net.Model.Evaluate([(new[] { xa, xb }, new[] { yw, yn })], verbose: 0));
    }

    [Fact]
    public void Wrong_names_and_weight_lists_are_errors_that_say_what_the_model_has()
    {
        var net = new TwoTowerModel("pw_err");
        var (xa, xb, yw, yn, ww, _) = Data();
        net.Model.Compile(new SGD(), ["mse", "mae"]);

        var unknown = Assert.Throws<ArgumentException>(() => net.Model.Predict(new Dictionary<string, Tensor> { ["pw_err_a"] = xa, ["title"] = xb }));
        Assert.Contains("'title'", unknown.Message);
        Assert.Contains("'pw_err_b'", unknown.Message);
        Assert.Contains("inputs 'pw_err_a', 'pw_err_b'", unknown.Message);

        var missing = Assert.Throws<ArgumentException>(() => net.Model.Evaluate(
            new Dictionary<string, Tensor> { ["pw_err_a"] = xa, ["pw_err_b"] = xb }, new Dictionary<string, Tensor> { ["pw_err_wide"] = yw }, verbose: 0));
        Assert.Contains("nothing was given for 'pw_err_narrow'", missing.Message);

        var count = Assert.Throws<ArgumentException>(() => net.Model.Evaluate([xa, xb], [yw, yn], verbose: 0, sampleWeights: [ww]));
        Assert.Contains("2 output(s)", count.Message);
        Assert.Contains("1 sample weight array(s)", count.Message);

        var both = Assert.Throws<ArgumentException>(() => net.Model.Evaluate([xa, xb], [yw, yn], verbose: 0, sampleWeight: ww, sampleWeights: [ww, null]));
        Assert.Contains("not both", both.Message);

        var rows = Assert.Throws<ArgumentException>(() => net.Model.Evaluate([xa, xb], [yw, yn], verbose: 0, sampleWeights: [null, Tensor.Ones(new Shape(5))]));
        Assert.Contains("(5,)", rows.Message);

        var sequential = new Sequential(new Dense(1));
        var byName = Assert.Throws<ArgumentException>(() => sequential.Predict(new Dictionary<string, Tensor> { ["x"] = xa }));
        Assert.Contains("functional model", byName.Message);
    }

    private static (Tensor Xa, Tensor Xb, Tensor YWide, Tensor YNarrow, Tensor WeightsWide, Tensor WeightsNarrow) Data()
    {
        var (xa, xb) = TwoTowerModel.Inputs(Samples, 3);
        var (yw, yn) = TwoTowerModel.Targets(Samples, 5);
        var ww = Tensor.From([.. Enumerable.Range(0, Samples).Select(i => 0.25f + (0.5f * (i % 4)))], Samples);
        var wn = Tensor.From([.. Enumerable.Range(0, Samples).Select(i => i % 3 == 0 ? 0f : 1.5f)], Samples);
        return (xa, xb, yw, yn, ww, wn);
    }

    /// <summary>[xa, xb, then the model's weights in <see cref="TwoTowerModel.Reference"/>'s order], in double.</summary>
    private static Ref[] Point(TwoTowerModel net, Tensor xa, Tensor xb) => [Ref.Of(xa), Ref.Of(xb), .. net.Weights.Select(v => Ref.Of(v.Peek()))];

    /// <summary>
    /// Keras' weighted losses in double: output loss = Σᵢ wᵢ·lossᵢ / n (sum over batch size, not over the weights),
    /// mean squared error on the wide output, mean absolute error on the narrow one.
    /// </summary>
    private static (double Wide, double Narrow) ReferenceLosses(Ref[] point, Tensor yw, Tensor yn, Tensor? ww, Tensor? wn)
    {
        var outputs = TwoTowerModel.Reference(point).Data;
        var (tw, tn) = (yw.ToArray(), yn.ToArray());
        double wide = 0, narrow = 0;
        for (var i = 0; i < Samples; i++)
        {
            var squared = (Math.Pow(outputs[2 * i] - tw[2 * i], 2) + Math.Pow(outputs[(2 * i) + 1] - tw[(2 * i) + 1], 2)) / 2;
            wide += (ww is null ? 1 : ww.ToArray()[i]) * squared;
            narrow += (wn is null ? 1 : wn.ToArray()[i]) * Math.Abs(outputs[(2 * Samples) + i] - tn[i]);
        }

        return (wide / Samples, narrow / Samples);
    }
}
