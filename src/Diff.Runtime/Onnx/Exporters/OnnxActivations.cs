namespace DiffGen.Onnx.Exporters;

/// <summary>
/// The built-in activations (<see cref="Activations"/>) as ONNX operators of opset 17, each computing what the
/// runtime's op computes. Every name <see cref="Activations.Names"/> lists has a case here (a test checks that).
/// </summary>
internal static class OnnxActivations
{
    /// <summary>1/√2 as the runtime's exact GELU uses it.</summary>
    private const float InverseSqrt2 = 0.70710678f;

    /// <summary>
    /// Throws unless <paramref name="activation"/> is a built-in one: its name is a Keras name and its function is that
    /// name's own (a custom or lifted <c>[TapeOp]</c> function has no ONNX equivalent, whatever it is called).
    /// </summary>
    public static void Check(ActivationFunction activation, Layer layer)
    {
        var builtIn = Activations.Names.Contains(activation.Name, StringComparer.OrdinalIgnoreCase)
            && ReferenceEquals(activation.Function, Activations.Get(activation.Name));
        if (!builtIn)
        {
            throw new NotSupportedException(
                $"ExportOnnx: layer '{layer.Name}' ({layer.TypeName}) uses the activation '{activation.Name}', which is not a built-in activation " +
                $"({string.Join(", ", Activations.Names)}); a custom or [TapeOp] function has no ONNX equivalent. Use a built-in activation to export the model.");
        }
    }

    /// <summary>Adds the nodes of <paramref name="activation"/> applied to <paramref name="input"/>; returns the output's name.</summary>
    public static string Export(ActivationFunction activation, OnnxGraph graph, string input, string layer)
    {
        var name = $"{layer}/{activation.Name.ToLowerInvariant()}";
        switch (activation.Name.ToLowerInvariant())
        {
            case "linear":
                return input;
            case "relu":
                return graph.Node("Relu", name, [input]);
            case "sigmoid":
                return graph.Node("Sigmoid", name, [input]);
            case "tanh":
                return graph.Node("Tanh", name, [input]);
            case "softmax":
                return graph.Node("Softmax", name, [input], ("axis", -1));
            case "log_softmax":
                return graph.Node("LogSoftmax", name, [input], ("axis", -1));
            case "elu":
                return graph.Node("Elu", name, [input], ("alpha", 1f));
            case "leaky_relu":
                // The function's default slope (0.2), not the LeakyReLU layer's (0.3).
                return graph.Node("LeakyRelu", name, [input], ("alpha", 0.2f));
            case "softplus":
                return graph.Node("Softplus", name, [input]);
            case "exponential":
                return graph.Node("Exp", name, [input]);
            case "swish" or "silu":
                return graph.Node("Mul", name, [input, graph.Node("Sigmoid", $"{name}/Sigmoid", [input])]);
            case "gelu":
                // The exact form x·½(1 + erf(x/√2)), in the runtime's order of operations; opset 17 has Erf but not Gelu (20).
                var scaled = graph.Node("Mul", $"{name}/scale", [input, graph.Scalar($"{name}/inverse_sqrt2", InverseSqrt2)]);
                var erf = graph.Node("Erf", $"{name}/Erf", [scaled]);
                var onePlus = graph.Node("Add", $"{name}/one_plus", [erf, graph.Scalar($"{name}/one", 1f)]);
                var cdf = graph.Node("Mul", $"{name}/cdf", [onePlus, graph.Scalar($"{name}/half", 0.5f)]);
                return graph.Node("Mul", name, [input, cdf]);
            default:
                throw new NotSupportedException($"ExportOnnx: layer '{layer}': the activation '{activation.Name}' has no ONNX export yet.");
        }
    }
}
