using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// LSTM and GRU: values against plain double loops, gradients (input, kernel, recurrent kernel, bias) against central
/// differences through every timestep, return_sequences, go_backwards, the final states, Keras' weight shapes and
/// initializers (orthogonal recurrent kernel, forget-gate bias 1).
/// </summary>
public sealed class RecurrentLayerTests
{
    [Theory]
    [InlineData(false, false, 1)]
    [InlineData(true, false, 2)]
    [InlineData(true, true, 3)]
    [InlineData(false, true, 4)]
    public void LSTM_matches_a_direct_loop(bool returnSequences, bool goBackwards, int seed)
    {
        var random = new Random(seed);
        var layer = new LSTM(3, returnSequences: returnSequences, goBackwards: goBackwards);
        layer.Build(4, 2);
        layer.SetWeights(Rand.Uniform(random, [2, 12], -1, 1), Rand.Uniform(random, [3, 12], -1, 1), Rand.Uniform(random, [12], -1, 1));
        var x = Rand.Uniform(random, [2, 4, 2], -1, 1);

        LayerCheck.Check($"LSTM sequences={returnSequences} backwards={goBackwards}", layer, x, r =>
        {
            var (sequence, h, _) = RecurrentReference.Lstm(r[0], r[1], r[2], r[3], goBackwards);
            return returnSequences ? sequence : h;
        }, seed);
    }

    [Theory]
    [InlineData(true, false, 11)]
    [InlineData(true, true, 12)]
    [InlineData(false, false, 13)]
    [InlineData(false, true, 14)]
    public void GRU_matches_a_direct_loop(bool resetAfter, bool returnSequences, int seed)
    {
        var random = new Random(seed);
        var layer = new GRU(3, resetAfter: resetAfter, returnSequences: returnSequences);
        layer.Build(4, 2);
        layer.SetWeights(Rand.Uniform(random, [2, 9], -1, 1), Rand.Uniform(random, [3, 9], -1, 1), Rand.Uniform(random, resetAfter ? [2, 9] : [9], -1, 1));
        var x = Rand.Uniform(random, [2, 4, 2], -1, 1);

        LayerCheck.Check($"GRU resetAfter={resetAfter} sequences={returnSequences}", layer, x, r =>
        {
            var (sequence, h) = RecurrentReference.Gru(r[0], r[1], r[2], r[3], resetAfter);
            return returnSequences ? sequence : h;
        }, seed);
    }

    [Fact]
    public void CallWithState_returns_the_output_and_the_final_states()
    {
        var random = new Random(21);
        var x = Rand.Uniform(random, [2, 3, 2], -1, 1);
        var lstm = new LSTM(3, returnSequences: true);
        var lstmStates = lstm.CallWithState(x);
        var (sequence, h, c) = RecurrentReference.Lstm(Ref.Of(x), Ref.Of(lstm.Kernel!.Value), Ref.Of(lstm.RecurrentKernel!.Value), Ref.Of(lstm.Bias!.Value));
        Assert.Equal(3, lstmStates.Length);
        GradientCheck.AssertForward("LSTM output", [x], lstmStates[0], sequence);
        GradientCheck.AssertForward("LSTM h", [x], lstmStates[1], h);
        GradientCheck.AssertForward("LSTM c", [x], lstmStates[2], c);

        var gru = new GRU(2);
        var gruStates = gru.CallWithState(x);
        Assert.Equal(2, gruStates.Length);
        Assert.Equal(gruStates[0].ToArray(), gruStates[1].ToArray());
    }

    [Fact]
    public void Weights_have_keras_shapes_names_and_initial_values()
    {
        var lstm = new LSTM(4, kernelInitializer: new GlorotUniform(seed: 1), recurrentInitializer: new Orthogonal(seed: 2));
        lstm.Build(5, 3);
        Assert.Equal(["kernel", "recurrent_kernel", "bias"], lstm.Weights.Select(w => w.Name));
        Assert.Equal([3, 16], lstm.Kernel!.Shape.ToArray());
        Assert.Equal([4, 16], lstm.RecurrentKernel!.Shape.ToArray());
        Assert.Equal([0f, 0, 0, 0, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0], lstm.Bias!.ToArray()); // unit_forget_bias
        Assert.Equal(4 * 4 * (3 + 4 + 1), lstm.CountParams());
        AssertOrthonormalRows(lstm.RecurrentKernel.ToArray(), 4, 16);

        var gru = new GRU(4);
        gru.Build(5, 3);
        Assert.Equal([2, 12], gru.Bias!.Shape.ToArray());
        var resetBefore = new GRU(4, resetAfter: false);
        resetBefore.Build(5, 3);
        Assert.Equal([12], resetBefore.Bias!.Shape.ToArray());
        Assert.Equal((3 * 4 * (3 + 4)) + (2 * 12), gru.CountParams());
        Assert.StartsWith("lstm", lstm.Name);
        Assert.StartsWith("gru", gru.Name);
    }

    [Fact]
    public void Orthogonal_gives_orthonormal_columns_when_tall_and_is_seeded()
    {
        var tall = new Orthogonal(seed: 3).Generate(new Shape(6, 3)).ToArray();
        var transposed = new float[18];
        for (var r = 0; r < 6; r++)
        {
            for (var c = 0; c < 3; c++)
            {
                transposed[(c * 6) + r] = tall[(r * 3) + c];
            }
        }

        AssertOrthonormalRows(transposed, 3, 6);
        Assert.Equal(tall, new Orthogonal(seed: 3).Generate(new Shape(6, 3)).ToArray());
        Assert.Equal(2 * tall[0], new Orthogonal(gain: 2, seed: 3).Generate(new Shape(6, 3)).ToArray()[0], 6);
    }

    [Fact]
    public void Recurrent_errors_name_the_layer_and_the_shape()
    {
        var lstm = new LSTM(2, name: "rnn_a");
        var rank = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Ones(2, 3)));
        Assert.Contains("'rnn_a'", rank.Message);
        lstm.Call(Tensor.Ones(2, 3, 4));
        var features = Assert.Throws<ArgumentException>(() => lstm.Call(Tensor.Ones(2, 3, 5)));
        Assert.Contains("'rnn_a'", features.Message);
        Assert.Contains("(2, 3, 5)", features.Message);
        Assert.Equal([2, 2], lstm.Call(Tensor.Ones(2, 7, 4)).Shape.ToArray()); // another sequence length is fine
        Assert.Throws<ArgumentOutOfRangeException>(() => new GRU(0));
    }

    private static void AssertOrthonormalRows(float[] matrix, int rows, int columns)
    {
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < rows; j++)
            {
                double dot = 0;
                for (var k = 0; k < columns; k++)
                {
                    dot += matrix[(i * columns) + k] * matrix[(j * columns) + k];
                }

                Assert.Equal(i == j ? 1 : 0, dot, 1e-5);
            }
        }
    }
}
