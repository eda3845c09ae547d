using System.Diagnostics;

namespace DiffGen;

/// <summary>
/// An immutable n-dimensional array of <see cref="float"/> values: contiguous, row-major, like a TensorFlow eager
/// tensor of dtype float32. Ops (<see cref="Ops"/> and the operators) make new tensors and are recorded by any active
/// <see cref="GradientTape"/> that watches one of their inputs.
/// </summary>
[DebuggerDisplay("{ToString(),nq}")]
public sealed partial class Tensor
{
    private static long s_lastId;

    /// <summary>The elements; null once a <see cref="TensorScope"/> has released them.</summary>
    private float[]? _data;

    /// <summary>Takes ownership of <paramref name="data"/>, whose length must be the shape's size.</summary>
    internal Tensor(float[] data, Shape shape)
        : this(data, shape, viewOf: null)
    {
    }

    private Tensor(float[] data, Shape shape, Tensor? viewOf)
    {
        Debug.Assert(data.Length == shape.Size, "A tensor's storage holds exactly its elements.");
        _data = data;
        Shape = shape;
        IsView = viewOf is not null;
        Id = Interlocked.Increment(ref s_lastId);

        // A view lives exactly as long as the elements it shares: in the scope of the tensor it views (whichever
        // thread made it), or in none. Any other tensor belongs to this thread's innermost scope.
        if (viewOf is null)
        {
            TensorScope.Current?.TrackOwn(this);
        }
        else
        {
            viewOf.Scope?.Track(this);
        }
#if DEBUG
        if (viewOf is null && data.Length > 0 && !s_owners.TryAdd(data, this)) // empty arrays are shared and never pooled
        {
            // A TensorScope frees an owner's array: two owners of one array would let it free one under the other.
            throw new InvalidOperationException($"Internal error: two tensors own one array (shape {shape}); the second must be a View.");
        }
#endif
    }

#if DEBUG
    /// <summary>Debug builds (the tests) check that every array has one owning tensor at a time.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<float[], Tensor> s_owners = [];
#endif

    /// <summary>
    /// The elements, row-major. Owned by this tensor (or, for a view, by the tensor it views) and never written after
    /// construction.
    /// </summary>
    /// <exception cref="ObjectDisposedException">The <see cref="TensorScope"/> this tensor was made in has ended.</exception>
    internal float[] Data => _data ?? ThrowReleased();

    /// <summary>Whether the tensor shares another tensor's elements (a reshape): releasing it never frees them.</summary>
    internal bool IsView { get; }

    /// <summary>The scope that releases this tensor when it ends; null once kept by the outermost scope or assigned to a variable.</summary>
    internal TensorScope? Scope { get; set; }

    /// <summary>Whether its scope has released it.</summary>
    internal bool IsReleased => _data is null;

    /// <summary>
    /// A tensor of <paramref name="shape"/> (the same size) sharing these elements. A view of a variable's value makes
    /// that value shared (an optimizer then never writes into it), unless <paramref name="transient"/>: an op's internal
    /// view that never leaves it.
    /// </summary>
    internal Tensor View(Shape shape, bool transient = false)
    {
        if (IsVariableValue && !transient)
        {
            MarkShared();
        }

        return new(Data, shape, viewOf: this);
    }

    /// <summary>The error of a read after release, out of line so that <see cref="Data"/> inlines.</summary>
    [System.Diagnostics.CodeAnalysis.DoesNotReturn]
    private float[] ThrowReleased() => throw new ObjectDisposedException(
        nameof(Tensor),
        $"This tensor of shape {Shape} was made inside a TensorScope that has ended, so its memory has been reused. " +
        "Call scope.Keep(tensor) inside the scope for every tensor used after it.");

    /// <summary>The elements, or null when released; for <see cref="TensorScope"/>, which must not throw.</summary>
    internal float[]? PeekData() => _data;

    /// <summary>Makes the tensor unusable and hands back its elements (for <see cref="TensorScope"/>).</summary>
    internal float[]? Release()
    {
        var data = _data;
        _data = null;
        Scope = null;
#if DEBUG
        if (data is not null && !IsView)
        {
            s_owners.Remove(data);
        }
#endif
        return data;
    }

    /// <summary>The id the next tensor made will get.</summary>
    internal static long PeekNextId() => Interlocked.Read(ref s_lastId) + 1;

    /// <summary>The dimensions.</summary>
    public Shape Shape { get; }

    /// <summary>The number of dimensions (0 for a scalar).</summary>
    public int Rank => Shape.Rank;

    /// <summary>The number of elements.</summary>
    public int Size => Shape.Size;

    /// <summary>The data type, always <c>float32</c> (as Keras' default).</summary>
    public string DType => "float32";

    /// <summary>Creation order: a tape uses it to tell tensors made before it started from those made under it.</summary>
    internal long Id { get; }

    /// <summary>The value of a tensor with exactly one element (a scalar, or shape (1,), (1, 1), ...).</summary>
    /// <exception cref="InvalidOperationException">The tensor has more or fewer than one element.</exception>
    public float Item => Size == 1
        ? Data[0]
        : throw new InvalidOperationException($"Item: a tensor of shape {Shape} has {Size} elements; Item reads a tensor with exactly one (use ToArray or the indexer).");

    /// <summary>The element at the given indices, one per dimension (negative indices count from the end).</summary>
    /// <exception cref="ArgumentException">The number of indices is not the rank.</exception>
    /// <exception cref="IndexOutOfRangeException">An index is outside its dimension.</exception>
    [System.Runtime.CompilerServices.IndexerName("Element")]
    public float this[params int[] indices]
    {
        get
        {
            ArgumentNullException.ThrowIfNull(indices);
            if (indices.Length != Rank)
            {
                throw new ArgumentException($"Indexer: a tensor of shape {Shape} needs {Rank} indices, got {indices.Length}.", nameof(indices));
            }

            var offset = 0;
            for (var axis = 0; axis < indices.Length; axis++)
            {
                var dimension = Shape[axis];
                var index = indices[axis] < 0 ? indices[axis] + dimension : indices[axis];
                if (index < 0 || index >= dimension)
                {
                    throw new IndexOutOfRangeException($"Indexer: index {indices[axis]} is out of range for axis {axis} of size {dimension} (shape {Shape}).");
                }

                offset = (offset * dimension) + index;
            }

            return Data[offset];
        }
    }

    /// <summary>The elements, row-major, without copying. The span is read-only: tensors never change.</summary>
    public ReadOnlySpan<float> AsSpan() => Data;

    /// <summary>A copy of the elements, row-major.</summary>
    public float[] ToArray() => (float[])Data.Clone();

    /// <summary>TensorFlow's eager notation, e.g. <c>tf.Tensor(6.0, shape=(), dtype=float32)</c>.</summary>
    public override string ToString() => IsReleased ? $"tf.Tensor(<released by its TensorScope>, shape={Shape}, dtype=float32)" : TensorFormatter.Format(this);

    /// <summary>A scalar tensor, so that numbers mix with tensors in expressions (<c>2 * x</c>).</summary>
    public static implicit operator Tensor(float value) => Scalar(value);

    /// <summary>This tensor with a new shape of the same size (see <see cref="Ops.Reshape"/>).</summary>
    public Tensor Reshape(params int[] shape) => Ops.Reshape(this, shape);
}
