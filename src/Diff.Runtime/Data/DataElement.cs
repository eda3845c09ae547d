namespace DiffGen;

/// <summary>
/// One element of a <see cref="Dataset"/> as the pipeline passes it on: tensors, or — from
/// <see cref="Dataset.FromTensorSlices"/> — a reference to row <see cref="Row"/> of the source arrays, copied only
/// when needed, so that batching slices gathers rows directly (the same copy <c>Fit</c> on tensors makes).
/// </summary>
internal readonly record struct DataElement(Tensor? X, Tensor? Y, Tensor? SampleWeight, TensorSlices? Source, int Row)
{
    public static DataElement Of(Tensor x, Tensor? y, Tensor? sampleWeight) => new(x, y, sampleWeight, null, 0);

    public static DataElement Slice(TensorSlices source, int row) => new(null, null, null, source, row);

    /// <summary>The element's tensors (a row copied now, without its sample axis).</summary>
    public (Tensor X, Tensor? Y, Tensor? SampleWeight) Materialize() => Source is { } s
        ? (RowOf(s.X, Row), s.Y is null ? null : RowOf(s.Y, Row), s.SampleWeight is null ? null : RowOf(s.SampleWeight, Row))
        : (X!, Y, SampleWeight);

    private static Tensor RowOf(Tensor t, int row)
    {
        var length = t.Shape.Stride(0);
        return Tensor.From(t.AsSpan().Slice(row * length, length), new Shape(t.Shape.Dimensions[1..].ToArray()));
    }
}
