namespace DiffGen;

public partial class Model
{
    /// <summary>
    /// Prints Keras' summary table (layer, output shape, parameters, totals; for a functional model also each layer's inputs, "Connected to") with <paramref name="print"/>, by default
    /// to the console, and returns it.
    /// </summary>
    public string Summary(Action<string>? print = null)
    {
        var table = _graph is { } graph ? FunctionalSummary.Render(this, graph) : ModelSummary.Render(this);
        (print ?? Console.Out.Write)(table);
        return table;
    }
}
