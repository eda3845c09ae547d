using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// A functional model's config as Keras 3 writes it (<c>Functional.get_config</c>): every layer once with its
/// <c>inbound_nodes</c> — per call, <c>{"args": […], "kwargs": {}}</c> where each input is a
/// <c>__keras_tensor__</c> whose <c>keras_history</c> is <c>[layer name, node index, tensor index]</c> — and
/// <c>input_layers</c>/<c>output_layers</c> as such triples. Both of DiffGen's formats use it: its own file with
/// DiffGen's layer configs, a <c>.keras</c> file with Keras' (<see cref="KerasConfig"/>). Reading replays the calls,
/// each once the tensors it reads exist, as Keras' <c>functional_from_config</c> does.
/// </summary>
internal static class FunctionalConfig
{
    /// <summary>The config with DiffGen's layer entries (<c>class_name</c> and <see cref="Layer.GetConfig"/>).</summary>
    public static IReadOnlyDictionary<string, object?> ToConfig(Model model, FunctionalGraph graph) =>
        ToJson(model, graph, layer => new JsonObject
        {
            ["class_name"] = layer.TypeName,
            ["config"] = JsonSerializer.SerializeToNode(layer.GetConfig()),
        }).Deserialize<Dictionary<string, object?>>()!;

    /// <summary>
    /// The config, each layer's entry made by <paramref name="entry"/> and completed with its <c>name</c> and
    /// <c>inbound_nodes</c>.
    /// </summary>
    public static JsonObject ToJson(Model model, FunctionalGraph graph, Func<Layer, JsonObject> entry)
    {
        // Keras renumbers a layer's calls to those inside this model (a layer may also be called in other models).
        var nodeIndex = new Dictionary<Node, int>();
        foreach (var layer in graph.Layers)
        {
            var kept = 0;
            foreach (var node in layer.InboundNodes)
            {
                if (node.IsInput || graph.Nodes.Contains(node))
                {
                    nodeIndex[node] = kept++;
                }
            }
        }

        JsonArray Reference(KerasTensor t) => new(t.Layer.Name, nodeIndex[t.Node], 0);
        JsonObject Tensor(KerasTensor t) => new()
        {
            ["class_name"] = "__keras_tensor__",
            ["config"] = new JsonObject
            {
                ["shape"] = KerasConfig.BatchShape(t.Shape),
                ["dtype"] = "float32",
                ["keras_history"] = Reference(t),
            },
        };

        var layers = new JsonArray();
        foreach (var layer in graph.Layers)
        {
            var json = entry(layer);
            json["name"] = layer.Name;
            var inbound = new JsonArray();
            foreach (var node in layer.InboundNodes.Where(n => !n.IsInput && nodeIndex.ContainsKey(n)))
            {
                // A merge layer is called on one argument, the list of its inputs: args = [[t1, t2]]; others on the tensor.
                JsonNode argument = layer is Merge ? new JsonArray([.. node.Inputs.Select(t => (JsonNode)Tensor(t))]) : Tensor(node.Inputs[0]);
                inbound.Add(new JsonObject { ["args"] = new JsonArray(argument), ["kwargs"] = new JsonObject() });
            }

            json["inbound_nodes"] = inbound;
            layers.Add(json);
        }

        return new JsonObject
        {
            ["name"] = model.Name,
            ["trainable"] = model.Trainable,
            ["layers"] = layers,
            ["input_layers"] = graph.SingleInput ? Reference(graph.Inputs[0]) : new JsonArray([.. graph.Inputs.Select(t => (JsonNode)Reference(t))]),
            ["output_layers"] = graph.SingleOutput ? Reference(graph.Outputs[0]) : new JsonArray([.. graph.Outputs.Select(t => (JsonNode)Reference(t))]),
        };
    }

    /// <summary>
    /// The model a config describes: layers made by <paramref name="create"/> (an InputLayer's <c>batch_shape</c> or
    /// <c>shape</c> read here, so that it keeps its name), then their calls replayed.
    /// </summary>
    public static Model FromJson(JsonNode config, Func<JsonNode, Layer> create, string path)
    {
        var entries = config["layers"] as JsonArray ?? throw new InvalidDataException($"Load: {path}: the functional model's config has no layers.");
        var layers = new List<(Layer Layer, JsonArray Nodes)>();
        var byName = new Dictionary<string, List<KerasTensor>>();
        foreach (var entry in entries)
        {
            var layer = create(entry!);
            var name = (string?)entry!["name"] ?? layer.Name;
            if (layer.Name != name)
            {
                throw new InvalidDataException($"Load: {path}: the layer entry '{name}' made a layer named '{layer.Name}'.");
            }

            byName[name] = layer is Input input ? [input.Output] : [];
            layers.Add((layer, entry["inbound_nodes"] as JsonArray ?? []));
        }

        KerasTensor Find(JsonNode? reference)
        {
            // A __keras_tensor__ object in a call's args, or a bare [layer, node, tensor] triple in input_layers/output_layers.
            var history = reference is JsonObject tensor ? tensor["config"]?["keras_history"] : reference;
            var name = (string?)history?[0] ?? throw new InvalidDataException($"Load: {path}: a tensor reference without a layer name: {reference?.ToJsonString()}.");
            var index = (int)history![1]!;
            return byName.TryGetValue(name, out var made) && index < made.Count
                ? made[index]
                : throw new KeyNotFoundException(name);
        }

        // Replay every call once the tensors it reads exist; a layer's calls stay in their order.
        var next = new int[layers.Count];
        var remaining = layers.Sum(l => l.Nodes.Count);
        while (remaining > 0)
        {
            var progress = false;
            for (var i = 0; i < layers.Count; i++)
            {
                var (layer, nodes) = layers[i];
                while (next[i] < nodes.Count)
                {
                    var args = nodes[next[i]]!["args"] as JsonArray ?? throw new InvalidDataException($"Load: {path}: a call of layer '{layer.Name}' has no args.");
                    List<KerasTensor> inputs;
                    try
                    {
                        inputs = args[0] is JsonArray list ? [.. list.Select(Find)] : [Find(args[0])];
                    }
                    catch (KeyNotFoundException)
                    {
                        break;
                    }

                    byName[layer.Name].Add(layer.CallSymbolic(inputs));
                    next[i]++;
                    remaining--;
                    progress = true;
                }
            }

            if (!progress)
            {
                throw new InvalidDataException($"Load: {path}: the functional model's layer calls refer to tensors no call makes (a cycle, or a missing layer).");
            }
        }

        // A bare triple is one tensor (Keras 3 writes that for a model made from one tensor), otherwise a list of triples.
        (List<KerasTensor> Tensors, bool Single) Ends(string key) =>
            config[key] is JsonArray refs
                ? refs.Count > 0 && refs[0] is JsonValue ? ([Find(refs)], true) : ([.. refs.Select(Find)], false)
                : throw new InvalidDataException($"Load: {path}: the functional model's config has no {key}.");
        var (modelInputs, singleInput) = Ends("input_layers");
        var (modelOutputs, singleOutput) = Ends("output_layers");
        return new Model(modelInputs, modelOutputs, (string?)config["name"], singleInput, singleOutput);
    }
}
