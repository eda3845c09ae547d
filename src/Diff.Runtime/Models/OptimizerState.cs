namespace DiffGen;

/// <summary>
/// The optimizer's per-variable state in a saved model (<c>optimizer.weights.bin</c>, in the weights file format):
/// one record per model weight, in <see cref="Model.Weights"/> order, named <c>layer/weight</c>, holding that
/// variable's slots (<c>momentum</c>, <c>velocity</c>, …) with the variable's shape — none before its first step.
/// Variables are matched by position, because a loaded model has new <see cref="Variable"/> objects.
/// </summary>
internal static class OptimizerState
{
    public static List<WeightsFile.LayerWeights> Slots(Model model, Optimizer optimizer)
    {
        var records = new List<WeightsFile.LayerWeights>();
        foreach (var layer in model.Layers)
        {
            foreach (var variable in layer.Weights)
            {
                var slots = optimizer.SlotsOf(variable);
                records.Add(new WeightsFile.LayerWeights(
                    $"{layer.Name}/{variable.Name}",
                    slots is null ? [] : [.. optimizer.SlotNames.Zip(slots, (name, values) => (name, new Tensor((float[])values.Clone(), variable.Shape)))]));
            }
        }

        return records;
    }

    /// <summary>Gives <paramref name="optimizer"/> the saved state for <paramref name="model"/>'s variables; checks everything first.</summary>
    public static void Restore(Model model, Optimizer optimizer, long iterations, List<WeightsFile.LayerWeights> records, string path)
    {
        var variables = model.Weights;
        if (records.Count != variables.Count)
        {
            throw new InvalidDataException($"Load: {path} holds optimizer state for {records.Count} variables but model '{model.Name}' has {variables.Count}.");
        }

        optimizer.RestoreState(iterations, [.. variables.Select((v, i) => (v, records[i].Weights))], path);
    }
}
