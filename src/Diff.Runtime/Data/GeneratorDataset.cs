namespace DiffGen;

/// <summary>Elements from a function called anew on every pass (<see cref="Dataset.FromGenerator(IEnumerable{ValueTuple{Tensor, Tensor}})"/>, <see cref="Dataset.FromTensors"/>).</summary>
internal sealed class GeneratorDataset(Func<IEnumerable<DataElement>> elements, int? cardinality) : Dataset
{
    public override int? Cardinality => cardinality;

    internal override IEnumerator<DataElement> Elements() => elements().GetEnumerator();
}
