namespace DiffGen;

public abstract partial class Model
{
    /// <summary>
    /// Prints Keras' summary table (layer, output shape, parameters, totals) with <paramref name="print"/>, by default
    /// to the console, and returns it.
    /// </summary>
    public string Summary(Action<string>? print = null)
    {
        var table = ModelSummary.Render(this);
        (print ?? Console.Out.Write)(table);
        return table;
    }
}
