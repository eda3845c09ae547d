namespace DiffGen.Onnx.Exporters;

/// <summary>
/// <see cref="LayerNormalization"/>: ONNX <c>LayerNormalization</c> (opset 17), which normalizes over the trailing
/// axes from its <c>axis</c>; when the layer's axes are not the last ones they are moved there by a transpose (their
/// order kept, so gamma and beta keep their shape) and back after. Scale is required by ONNX: ones without gamma.
/// </summary>
internal sealed class LayerNormalizationExporter : OnnxLayerExporter<LayerNormalization>
{
    /// <inheritdoc/>
    protected override string Export(LayerNormalization layer, OnnxGraph graph, string input, Shape sampleShape)
    {
        var (first, last) = layer.Axes(sampleShape);
        var rank = sampleShape.Rank + 1;
        var count = last - first + 1;
        var normalized = new Shape([.. Enumerable.Range(first, count).Select(a => sampleShape[a - 1])]);
        var scale = graph.Initializer($"{layer.Name}/gamma", layer.Gamma?.Peek() ?? Tensor.Ones(normalized));
        IReadOnlyList<string> parameters = layer.Beta is { } beta ? [scale, graph.Initializer($"{layer.Name}/beta", beta.Peek())] : [scale];

        var trailing = last == rank - 1;
        var perm = trailing ? null : Enumerable.Range(0, rank).Where(a => a < first || a > last).Concat(Enumerable.Range(first, count)).ToArray();
        var x = perm is null ? input : graph.Node("Transpose", $"{layer.Name}/AxesLast", [input], ("perm", perm));
        var y = graph.Node("LayerNormalization", layer.Name, [x, .. parameters], ("axis", rank - count), ("epsilon", (float)layer.Epsilon));
        if (perm is null)
        {
            return y;
        }

        var inverse = new int[rank];
        for (var i = 0; i < rank; i++)
        {
            inverse[perm[i]] = i;
        }

        return graph.Node("Transpose", $"{layer.Name}/AxesBack", [y], ("perm", inverse));
    }
}
