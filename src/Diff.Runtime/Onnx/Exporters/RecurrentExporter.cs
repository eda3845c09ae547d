namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="LSTM"/> and <see cref="GRU"/> as ONNX's <c>LSTM</c>/<c>GRU</c> operators (one forward direction,
/// time-major layout, which every ONNX Runtime supports): the input transposed to (timesteps, batch, features) and,
/// with <c>go_backwards</c>, reversed in time first — Keras then emits the steps in processing order, which ONNX's
/// "reverse" direction would not. Weights are re-laid out as ONNX wants them: W (1, gates·units, features),
/// R (1, gates·units, units), B (1, 2·gates·units) = input bias then recurrent bias, gate blocks in ONNX's order.
/// The output is every step's h (return_sequences) or the last one's.
/// </summary>
internal abstract class RecurrentExporter<TLayer> : OnnxLayerExporter<TLayer>
    where TLayer : Recurrent
{
    /// <summary>The ONNX operator.</summary>
    protected abstract string OpType { get; }

    /// <summary>For each ONNX gate block in order, the index of that gate's block in the Keras kernel.</summary>
    protected abstract int[] KerasBlockOf { get; }

    /// <summary>The activations attribute: the gates' then the candidate's (and the output's, for LSTM).</summary>
    protected abstract string[] OnnxActivations(TLayer layer);

    /// <summary>The kernel, recurrent kernel, input bias and recurrent bias in Keras' layout (biases may be null).</summary>
    protected abstract (Tensor Kernel, Tensor Recurrent, float[]? InputBias, float[]? RecurrentBias) Weights(TLayer layer);

    /// <summary>Operator attributes beyond hidden_size and activations.</summary>
    protected virtual (string Name, object Value)[] Extra(TLayer layer) => [];

    /// <inheritdoc/>
    protected override string Export(TLayer layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        var activations = OnnxActivations(layer);
        var units = layer.Units;
        var (kernel, recurrent, inputBias, recurrentBias) = Weights(layer);
        var gates = KerasBlockOf.Length * units;

        var x = graph.Node("Transpose", $"{layer.Name}/TimeMajor", [input], ("perm", new[] { 1, 0, 2 }));
        if (layer.GoBackwards)
        {
            x = graph.Node(
                "Slice",
                $"{layer.Name}/Reverse",
                [x, graph.Int64Initializer($"{layer.Name}/reverse_starts", [-1]), graph.Int64Initializer($"{layer.Name}/reverse_ends", [long.MinValue]), graph.Int64Initializer($"{layer.Name}/reverse_axes", [0]), graph.Int64Initializer($"{layer.Name}/reverse_steps", [-1])]);
        }

        var w = graph.Initializer($"{layer.Name}/W", Reordered(kernel, units));
        var r = graph.Initializer($"{layer.Name}/R", Reordered(recurrent, units));
        var b = new float[2 * gates];
        ReorderBias(inputBias, units).CopyTo(b, 0);
        ReorderBias(recurrentBias, units).CopyTo(b, gates);
        var bias = graph.Initializer($"{layer.Name}/B", Tensor.From(b, 1, 2 * gates));
        var y = graph.Node(OpType, $"{layer.Name}/{OpType}", [x, w, r, bias], [("hidden_size", units), ("activations", activations), .. Extra(layer)]);

        // Y is (timesteps, 1, batch, units).
        var steps = sampleShape[0];
        if (layer.ReturnSequences)
        {
            var batchMajor = graph.Node("Transpose", $"{layer.Name}/BatchMajor", [y], ("perm", new[] { 2, 0, 1, 3 }));
            return graph.Node("Reshape", $"{layer.Name}/Sequences", [batchMajor, graph.Int64Initializer($"{layer.Name}/sequences_shape", [0, steps, units])]);
        }

        var last = graph.Node("Gather", $"{layer.Name}/LastStep", [y, graph.Int64Initializer($"{layer.Name}/last_step", [-1])], ("axis", 0));
        return graph.Node("Reshape", $"{layer.Name}/LastState", [last, graph.Int64Initializer($"{layer.Name}/last_state_shape", [-1, units])]);
    }

    /// <summary>The ONNX name of a gate activation; only those ONNX's recurrent operators compute as Keras does.</summary>
    protected static string Activation(TLayer layer, ActivationFunction activation, string role)
    {
        DiffGen.Onnx.Exporters.OnnxActivations.Check(activation, layer);
        return activation.Name.ToLowerInvariant() switch
        {
            "tanh" => "Tanh",
            "sigmoid" => "Sigmoid",
            "relu" => "Relu",
            _ => throw new NotSupportedException(
                $"ExportOnnx: layer '{layer.Name}' ({layer.TypeName}) uses the {role} '{activation.Name}', which ONNX's {layer.TypeName} operator does not compute as Keras does; tanh, sigmoid and relu export."),
        };
    }

    /// <summary>(inputs, blocks·units) in Keras' gate order → (1, blocks·units, inputs) in ONNX's.</summary>
    private Tensor Reordered(Tensor kernel, int units)
    {
        int rows = kernel.Shape[0], columns = kernel.Shape[1];
        var source = kernel.ToArray();
        var result = new float[source.Length];
        for (var g = 0; g < KerasBlockOf.Length; g++)
        {
            for (var u = 0; u < units; u++)
            {
                var from = (KerasBlockOf[g] * units) + u;
                for (var j = 0; j < rows; j++)
                {
                    result[(((g * units) + u) * rows) + j] = source[(j * columns) + from];
                }
            }
        }

        return Tensor.From(result, 1, columns, rows);
    }

    private float[] ReorderBias(float[]? bias, int units)
    {
        var result = new float[KerasBlockOf.Length * units];
        if (bias is null)
        {
            return result;
        }

        for (var g = 0; g < KerasBlockOf.Length; g++)
        {
            Array.Copy(bias, KerasBlockOf[g] * units, result, g * units, units);
        }

        return result;
    }
}
