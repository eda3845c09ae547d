namespace DiffGen;

/// <summary>The arrays a <see cref="Dataset.FromTensorSlices"/> dataset slices, all with the same number of samples.</summary>
internal sealed record TensorSlices(Tensor X, Tensor? Y, Tensor? SampleWeight)
{
    public int Count => X.Shape[0];
}
