namespace DiffGen;

/// <summary>Shapes as layers show them in errors and summaries.</summary>
internal static class LayerShapes
{
    /// <summary>A sample shape with Keras' unknown batch in front: (None, 28, 28, 1).</summary>
    public static string WithNoneBatch(Shape sampleShape) => $"(None, {string.Join(", ", sampleShape.Dimensions.ToArray())})";
}
