using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>Embedding (a row lookup whose gradient accumulates on repeated indices) and Reshape.</summary>
public sealed class EmbeddingAndReshapeTests
{
    [Fact]
    public void Embedding_looks_up_rows_and_accumulates_gradients_of_repeated_indices()
    {
        var layer = new Embedding(5, 3, embeddingsInitializer: new RandomUniform(seed: 1));
        var indices = Tensor.From([0f, 4, 2, 2, 1, 4], 2, 3);
        layer.Build(3);
        LayerCheck.Check("Embedding", layer, indices, r => NormalizationReference.Embed(r[0], r[1]), 1, inputIsData: true);
    }

    [Fact]
    public void Embedding_defaults_to_keras_uniform_and_names_its_weight_embeddings()
    {
        var layer = new Embedding(10, 4);
        var y = layer.Call(Tensor.From([1f, 2, 3], 3));
        Assert.Equal([3, 4], y.Shape.ToArray());
        Assert.Equal(["embeddings"], layer.Weights.Select(w => w.Name));
        Assert.Equal([10, 4], layer.Embeddings!.Shape.ToArray());
        Assert.All(layer.Embeddings.ToArray(), v => Assert.InRange(v, -0.05f, 0.05f));

        // Sequences of another length are fine.
        Assert.Equal([2, 5, 4], layer.Call(Tensor.Zeros(2, 5)).Shape.ToArray());
    }

    [Theory]
    [InlineData(10f)]
    [InlineData(-1f)]
    [InlineData(1.5f)]
    public void Embedding_rejects_an_index_outside_the_vocabulary_naming_the_layer(float bad)
    {
        var layer = new Embedding(10, 2, name: "emb");
        var error = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.From([1f, bad], 1, 2)));
        Assert.Contains("'emb'", error.Message);
        Assert.Contains("[0, 10)", error.Message);
        Assert.Contains("(1, 2)", error.Message);
    }

    [Fact]
    public void Reshape_keeps_the_batch_and_infers_one_dimension()
    {
        var x = Rand.Uniform(new Random(3), [2, 12], -1, 1);
        var layer = new Reshape([3, -1]);
        LayerCheck.Check("Reshape", layer, x, r => Reference.Reshape(r[0], 2, 3, 4), 3);
        Assert.Equal([3, 4], layer.ComputeOutputShape(new Shape(12)).ToArray());
    }

    [Fact]
    public void Reshape_errors_name_the_layer_and_the_shapes_and_the_target_is_copied()
    {
        int[] target = [5, 5];
        var layer = new Reshape(target, name: "rs");
        target[0] = 1;
        Assert.Equal([5, 5], layer.TargetShape);
        var error = Assert.Throws<ArgumentException>(() => layer.Call(Tensor.Ones(2, 12)));
        Assert.Contains("'rs'", error.Message);
        Assert.Contains("(5, 5)", error.Message);
        Assert.Contains("12 elements", error.Message);
        Assert.Throws<ArgumentException>(() => new Reshape([-1, -1]));
    }
}
