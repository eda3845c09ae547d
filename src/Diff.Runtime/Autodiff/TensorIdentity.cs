namespace DiffGen;

/// <summary>
/// Tensors compared by identity and hashed by their creation id: what a tape's sets and maps of tensors use. Hashing
/// by reference (<see cref="ReferenceEqualityComparer"/>) makes the runtime install a hash code in each new tensor's
/// object header the first time it is hashed, which costs more than the rest of a small op's bookkeeping.
/// </summary>
internal sealed class TensorIdentity : IEqualityComparer<Tensor>
{
    public static readonly TensorIdentity Instance = new();

    public bool Equals(Tensor? x, Tensor? y) => ReferenceEquals(x, y);

    public int GetHashCode(Tensor tensor) => tensor.Id.GetHashCode();
}
