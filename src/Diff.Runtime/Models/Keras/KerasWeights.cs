using PureHDF;

namespace DiffGen;

/// <summary>
/// <c>model.weights.h5</c> as Keras 3 lays it out (<c>saving_lib</c>'s <c>H5IOStore</c>): each layer's variables in
/// the group <c>layers/&lt;key&gt;/vars</c>, as float32 datasets named <c>0</c>, <c>1</c>, … in the layer's weight
/// order (Dense: kernel, bias), where the key is the layer's class in snake case made unique
/// (<see cref="KerasNames.WeightKeys"/>); the <c>vars</c> group carries the layer's name as attribute <c>name</c>, and
/// the model has an empty <c>vars</c> group of its own. A Sequential's InputLayer is not among its layers there; a functional model's are, with empty groups.
/// </summary>
internal static class KerasWeights
{
    public static void Write(Stream stream, Model model)
    {
        var layers = Layers(model);
        var keys = KerasNames.WeightKeys(layers.Select(l => l.TypeName));
        var group = new H5Group();
        for (var i = 0; i < layers.Count; i++)
        {
            var vars = new H5Group();
            vars.Attributes["name"] = layers[i].Name;
            var weights = layers[i].Weights;
            for (var w = 0; w < weights.Count; w++)
            {
                var value = weights[w].Peek();
                vars[w.ToString(System.Globalization.CultureInfo.InvariantCulture)] = new H5Dataset(
                    value.ToArray(), fileDims: [.. value.Shape.Dimensions.ToArray().Select(d => (ulong)d)]);
            }

            group[keys[i]] = LayerGroup(layers[i], vars);
        }

        var modelVars = new H5Group();
        modelVars.Attributes["name"] = model.Name;
        var file = new H5File { ["layers"] = group, ["vars"] = modelVars };
        if (model.Optimizer is { } optimizer && model.Loss is not null)
        {
            file["optimizer"] = KerasOptimizerState.Write(model, optimizer);
        }

        // PureHDF needs a seekable, readable stream; a zip entry is neither, so the file is built in memory first.
        using var buffer = new MemoryStream();
        file.Write(buffer);
        buffer.Position = 0;
        buffer.CopyTo(stream);
    }

    /// <summary>Restores the optimizer's state from the file, when it has one that fits (see <see cref="KerasOptimizerState"/>).</summary>
    public static void ReadOptimizer(Stream stream, Model model, Optimizer optimizer, string source)
    {
        using var file = H5File.Open(stream, leaveOpen: true);
        KerasOptimizerState.Restore(file, model, optimizer, source);
    }

    /// <summary>Each layer's weights as the file holds them, in model order; shapes and counts are checked by the caller.</summary>
    public static List<WeightsFile.LayerWeights> Read(Stream stream, Model model, string source)
    {
        var layers = Layers(model);
        var keys = KerasNames.WeightKeys(layers.Select(l => l.TypeName));
        var result = new List<WeightsFile.LayerWeights>();
        using var file = H5File.Open(stream, leaveOpen: true);
        var root = file.LinkExists("layers") ? file.Group("layers") : null;
        foreach (var layer in model.Layers)
        {
            var index = layers.IndexOf(layer);
            if (index < 0)
            {
                result.Add(new WeightsFile.LayerWeights(layer.Name, []));
                continue;
            }

            var key = keys[index];
            var weights = new List<(string, Tensor)>();
            var path = $"{key}/{layer.KerasVariablesPath}";
            if (root is not null && root.LinkExists(path))
            {
                var vars = root.Group(path);
                for (var w = 0; vars.LinkExists(w.ToString(System.Globalization.CultureInfo.InvariantCulture)); w++)
                {
                    var dataset = vars.Dataset(w.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    var shape = new Shape([.. dataset.Space.Dimensions.Select(d => checked((int)d))]);
                    weights.Add(($"layers/{path}/{w}", new Tensor(dataset.Read<float[]>(), shape)));
                }
            }
            else if (layer.Weights.Count > 0)
            {
                throw new InvalidDataException($"Load: {source} has no weights for layer '{layer.Name}' (expected the group layers/{path}).");
            }

            result.Add(new WeightsFile.LayerWeights(layer.Name, weights));
        }

        return result;
    }

    /// <summary>
    /// A layer's group: its variables at <see cref="Layer.KerasVariablesPath"/>, and an empty <c>vars</c> of its own
    /// when they live in a sub-object (Keras writes one for every saveable object).
    /// </summary>
    private static H5Group LayerGroup(Layer layer, H5Group vars)
    {
        var parts = layer.KerasVariablesPath.Split('/');
        H5Group inner = vars;
        for (var p = parts.Length - 2; p >= 0; p--)
        {
            var parent = new H5Group { [parts[p + 1]] = inner };
            inner = parent;
        }

        var group = new H5Group { [parts[0]] = inner };
        if (parts.Length > 1)
        {
            // Keras names the sub-object's entry after it: LSTM's cell is "lstm_cell", GRU's "gru_cell".
            vars.Attributes["name"] = $"{KerasNames.ToSnakeCase(layer.TypeName)}_{parts[^2]}";
            var own = new H5Group();
            own.Attributes["name"] = layer.Name;
            group["vars"] = own;
        }

        return group;
    }

    /// <summary>The layers with a group: a functional model's InputLayers have one (empty) as in Keras, a Sequential's do not.</summary>
    private static List<Layer> Layers(Model model) => model is Sequential ? [.. model.Layers.Where(l => l is not Input)] : [.. model.Layers];
}
