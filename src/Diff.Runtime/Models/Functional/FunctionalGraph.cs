namespace DiffGen;

/// <summary>
/// The graph of a functional model (Keras' <c>Functional</c>): the layer calls (<see cref="Node"/>s) that lead from
/// the inputs to the outputs, in an order where every node comes after the nodes it reads, found once by walking
/// back from the outputs. Running it is a loop over that order; the tape records each layer's ops, so gradients need
/// nothing more — a layer called twice gets the sum of both calls' gradients like any variable used twice.
/// </summary>
internal sealed class FunctionalGraph
{
    public FunctionalGraph(string modelName, IReadOnlyList<KerasTensor> inputs, IReadOnlyList<KerasTensor> outputs, bool singleInput = false, bool singleOutput = false)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        ArgumentNullException.ThrowIfNull(outputs);
        if (inputs.Count == 0 || outputs.Count == 0)
        {
            throw new ArgumentException($"Model '{modelName}': a functional model needs at least one input and one output (got {inputs.Count} and {outputs.Count}).");
        }

        foreach (var input in inputs)
        {
            ArgumentNullException.ThrowIfNull(input, nameof(inputs));
            if (!input.Node.IsInput)
            {
                throw new ArgumentException(
                    $"Model '{modelName}': every input must be an Input's tensor (new Input(shape)), but one is the output of layer '{input.Layer.Name}' ({input.Layer.TypeName}).");
            }
        }

        if (inputs.Distinct().Count() != inputs.Count)
        {
            throw new ArgumentException($"Model '{modelName}': an input is listed twice ({string.Join(", ", inputs.Select(i => i.Layer.Name))}).");
        }

        Inputs = inputs;
        Outputs = outputs;
        SingleInput = singleInput && inputs.Count == 1;
        SingleOutput = singleOutput && outputs.Count == 1;

        // Depth-first from each output: a node is placed once all the nodes it reads are placed (post-order).
        var placed = new HashSet<Node>();
        var nodes = new List<Node>();
        void Visit(Node node, int output)
        {
            if (placed.Contains(node))
            {
                return;
            }

            if (node.IsInput)
            {
                if (!inputs.Contains(node.Output))
                {
                    throw new ArgumentException(
                        $"Model '{modelName}': output {output} ('{outputs[output].Layer.Name}') is not reachable from the inputs: it depends on the input '{node.Layer.Name}' {LayerShapes.WithNoneBatch(node.Output.Shape)}, which is not among the model's inputs ({string.Join(", ", inputs.Select(i => $"'{i.Layer.Name}'"))}).");
                }

                placed.Add(node);
                return;
            }

            foreach (var input in node.Inputs)
            {
                Visit(input.Node, output);
            }

            placed.Add(node);
            nodes.Add(node);
        }

        for (var i = 0; i < outputs.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(outputs[i], nameof(outputs));
            Visit(outputs[i].Node, i);
        }

        Nodes = nodes;

        // Keras' model.layers: the inputs' layers first, then each layer once, at its first call.
        var layers = new List<Layer>(inputs.Select(i => i.Layer));
        foreach (var node in nodes)
        {
            if (!layers.Contains(node.Layer))
            {
                layers.Add(node.Layer);
            }
        }

        var duplicate = layers.GroupBy(l => l.Name).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new ArgumentException($"Model '{modelName}': two different layers are named '{duplicate.Key}'; layer names must be unique.");
        }

        Layers = layers;
    }

    public IReadOnlyList<KerasTensor> Inputs { get; }

    public IReadOnlyList<KerasTensor> Outputs { get; }

    /// <summary>
    /// Whether the model was made from one tensor rather than a list of one (<c>new Model(input, output)</c>): Keras
    /// keeps that structure and writes a bare <c>[name, node, tensor]</c> triple for it in <c>input_layers</c>.
    /// </summary>
    public bool SingleInput { get; }

    /// <summary>As <see cref="SingleInput"/>, for the outputs.</summary>
    public bool SingleOutput { get; }

    /// <summary>The layer calls in an order that can run: each after those it reads.</summary>
    public IReadOnlyList<Node> Nodes { get; }

    /// <summary>Every layer once: the inputs', then the others in the order of their first call.</summary>
    public IReadOnlyList<Layer> Layers { get; }

    /// <summary>The outputs for batches of the inputs, checked against the inputs' shapes.</summary>
    public Tensor[] Run(string modelName, IReadOnlyList<Tensor> inputs, bool training)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        if (inputs.Count != Inputs.Count)
        {
            throw new ArgumentException(
                $"Model '{modelName}' has {Inputs.Count} input(s) ({string.Join(", ", Inputs.Select(i => $"'{i.Layer.Name}' {LayerShapes.WithNoneBatch(i.Shape)}"))}) but was given {inputs.Count} tensor(s).");
        }

        var values = new Dictionary<KerasTensor, Tensor>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var x = inputs[i] ?? throw new ArgumentNullException(nameof(inputs));
            var expected = Inputs[i].Shape;
            if (x.Rank != expected.Rank + 1 || !x.Shape.Dimensions[1..].SequenceEqual(expected.Dimensions))
            {
                throw new ArgumentException(
                    $"Model '{modelName}': input {i} ('{Inputs[i].Layer.Name}') expects shape {LayerShapes.WithNoneBatch(expected)} but was given shape {x.Shape}.");
            }

            if (x.Shape[0] != inputs[0].Shape[0])
            {
                throw new ArgumentException(
                    $"Model '{modelName}': the inputs have different numbers of samples: {string.Join(", ", inputs.Select(t => t.Shape.ToString()))}.");
            }

            values[Inputs[i]] = x;
        }

        foreach (var node in Nodes)
        {
            values[node.Output] = node.Layer.CallNode([.. node.Inputs.Select(t => values[t])], training);
        }

        return [.. Outputs.Select(o => values[o])];
    }
}
