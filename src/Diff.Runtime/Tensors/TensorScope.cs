namespace DiffGen;

/// <summary>
/// Releases the tensors made inside it when it ends, so that their memory is reused by the next tensors of the same
/// size instead of being collected and requested again: TorchSharp's dispose scope, for DiffGen's garbage-collected
/// tensors. Worth it in loops over large tensors (a few hundred kilobytes and up), where a fresh large array costs
/// the garbage collector a full collection now and then and the operating system a page fault per 4 KB; <c>Fit</c>
/// runs every training step in one.
/// <code>
/// using (var scope = new TensorScope())
/// {
///     using var tape = new GradientTape();
///     tape.Watch(x);
///     var y = MyOps.SwishOp(x);
///     gradient = scope.Keep(tape.Gradient(y, x)); // used after the scope: kept
/// }                                               // y and everything else made inside: released
/// </code>
/// </summary>
/// <remarks>
/// <para>A tensor made inside the scope (on the thread that created it, while it is the innermost scope) is released
/// when the scope ends unless it was passed to <see cref="Keep(Tensor)"/>, or assigned to a <see cref="Variable"/> (a variable's
/// value outlives every scope). A reshape shares the elements of the tensor it reshapes and lives as long as they do:
/// it belongs to that tensor's scope (or to none), whichever scope or thread made it. Using a released tensor throws <see cref="ObjectDisposedException"/> naming its shape;
/// its memory is never silently shared. Tensors made before the scope, or on other threads, are not touched.</para>
/// <para>The one thing that cannot be checked: a span from <see cref="Tensor.AsSpan"/> of a tensor made in the
/// scope must not be read after the scope ends (as with memory rented from an <c>ArrayPool</c>).</para>
/// <para>Scopes nest: a kept tensor moves to the enclosing scope, which releases it in turn unless kept there too.
/// A scope must be disposed on the thread that created it, innermost first.</para>
/// </remarks>
public sealed class TensorScope : IDisposable
{
    [ThreadStatic]
    private static TensorScope? t_current;

    private readonly TensorScope? _outer;
    private readonly int _thread = Environment.CurrentManagedThreadId;

    /// <summary>The tensors tracked on the scope's own thread (no lock: only that thread touches it).</summary>
    private readonly List<Tensor> _tensors = [];

    /// <summary>Views of this scope's tensors made on other threads; locked.</summary>
    private readonly List<Tensor> _foreign = [];
    private bool _ended;

    /// <summary>Starts a scope on this thread; it is the innermost until disposed.</summary>
    public TensorScope()
    {
        _outer = t_current;
        t_current = this;
    }

    /// <summary>The innermost scope of this thread, which takes every tensor made now; null outside any scope.</summary>
    internal static TensorScope? Current => t_current;

    /// <summary>Keeps <paramref name="tensor"/> usable after this scope ends (it moves to the enclosing scope, if any) and returns it.</summary>
    /// <exception cref="ObjectDisposedException">The scope has ended.</exception>
    public Tensor Keep(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ObjectDisposedException.ThrowIf(_ended, this);
        if (tensor.Scope == this)
        {
            tensor.Scope = null;
            _outer?.Track(tensor);
        }

        return tensor;
    }

    /// <summary>Keeps every non-null tensor of <paramref name="tensors"/> (e.g. the gradients of a list of sources) and returns the array.</summary>
    public Tensor?[] Keep(Tensor?[] tensors)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        foreach (var tensor in tensors)
        {
            if (tensor is not null)
            {
                Keep(tensor);
            }
        }

        return tensors;
    }

    /// <summary>A variable's value: no scope releases it, whichever made it.</summary>
    internal static void Detach(Tensor tensor) => tensor.Scope = null;

    /// <summary>Tracks a tensor made on this scope's own thread while it is the innermost scope there.</summary>
    internal void TrackOwn(Tensor tensor)
    {
        tensor.Scope = this;
        _tensors.Add(tensor);
    }

    /// <summary>Tracks a tensor made on any thread (a view of one of this scope's tensors, or one kept by an inner scope).</summary>
    internal void Track(Tensor tensor)
    {
        tensor.Scope = this;
        if (Environment.CurrentManagedThreadId == _thread)
        {
            _tensors.Add(tensor);
            return;
        }

        // A view of one of this scope's tensors made on another thread (whichever thread reshaped it): locked.
        lock (_foreign)
        {
            _foreign.Add(tensor);
        }
    }

    /// <summary>Releases every tensor made in the scope and not kept, and returns their memory for reuse.</summary>
    /// <exception cref="InvalidOperationException">An inner scope is still open, or this is another thread.</exception>
    public void Dispose()
    {
        if (_ended)
        {
            return;
        }

        if (t_current != this)
        {
            throw new InvalidOperationException(
                "TensorScope: scopes end innermost first, on the thread that started them; an inner scope is still open here (or this is another thread).");
        }

        _ended = true;
        t_current = _outer;
        lock (_foreign)
        {
            _tensors.AddRange(_foreign);
            _foreign.Clear();
        }

        var tensors = _tensors;

        // Elements still used by a tensor that left the scope (kept, a variable's value) through a view: not freed.
        HashSet<float[]>? stillUsed = null;
        foreach (var tensor in tensors)
        {
            if (tensor.Scope != this && tensor.PeekData() is { } data)
            {
                (stillUsed ??= new(ReferenceEqualityComparer.Instance)).Add(data);
            }
        }

        foreach (var tensor in tensors)
        {
            if (tensor.Scope != this)
            {
                continue;
            }

            var isView = tensor.IsView;
            if (tensor.Release() is { } data && !isView && (stillUsed is null || !stillUsed.Contains(data)))
            {
                TensorBufferPool.Return(data);
            }
        }

        tensors.Clear();
    }
}
