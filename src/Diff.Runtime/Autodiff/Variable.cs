using System.Globalization;

namespace DiffGen;

/// <summary>
/// A named tensor that changes only through <see cref="Assign"/>, <see cref="AssignAdd"/> and
/// <see cref="AssignSub"/> — TensorFlow's <c>tf.Variable</c>. Reading a trainable variable under a
/// <see cref="GradientTape"/> makes the tape watch it, so <c>tape.Gradient(loss, variable)</c> works without
/// <c>Watch</c>. A value read earlier never changes when the variable is assigned later: tensors are immutable.
/// </summary>
public sealed partial class Variable
{
    private Tensor _value;

    /// <summary>A variable holding <paramref name="initialValue"/>.</summary>
    public Variable(Tensor initialValue, string? name = null, bool trainable = true)
    {
        ArgumentNullException.ThrowIfNull(initialValue);
        _value = Own(initialValue).MarkShared();
        Name = name ?? "Variable";
        Trainable = trainable;
    }

    /// <summary>A scalar variable: <c>new Variable(3f)</c>.</summary>
    public Variable(float initialValue, string? name = null, bool trainable = true)
        : this(Tensor.Scalar(initialValue), name, trainable)
    {
    }

    /// <summary>The name (Keras names a layer's weights <c>kernel</c> and <c>bias</c>).</summary>
    public string Name { get; }

    /// <summary>Whether tapes watch it when it is read and optimizers update it.</summary>
    public bool Trainable { get; }

    /// <summary>The shape, fixed for the variable's life.</summary>
    public Shape Shape => _value.Shape;

    /// <summary>The current value. Reading it under a recording tape watches this variable (if trainable).</summary>
    public Tensor Value
    {
        get
        {
            TapeRecorder.VariableRead(this, _value);
            return _value.MarkShared();
        }
    }

    /// <summary>
    /// The current value for a layer's own forward pass (watched by recording tapes, as <see cref="Value"/>): the
    /// tensor only reaches ops, which never hand it out, so an optimizer may later write the next value into its memory
    /// once no tape holds it (see <see cref="Tensor.IsPrivateVariableValue"/>).
    /// </summary>
    internal Tensor Read()
    {
        TapeRecorder.VariableRead(this, _value);
        return _value;
    }

    /// <summary>A copy of the current values, row-major (no tape sees this read).</summary>
    public float[] ToArray() => _value.ToArray();

    /// <summary>The current value without telling any tape.</summary>
    internal Tensor Peek() => _value;

    /// <summary>Replaces the value. The new value must have the variable's shape.</summary>
    /// <exception cref="ArgumentException">The shapes differ.</exception>
    public void Assign(Tensor value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (value.Shape != Shape)
        {
            throw new ArgumentException($"Assign: variable '{Name}' has shape {Shape} but the value has shape {value.Shape}.", nameof(value));
        }

        _value = Own(value).MarkShared();
    }

    /// <summary>Replaces the value with a tensor the library made and no one else holds (an optimizer's result).</summary>
    internal void AssignOwned(Tensor value) => _value = Own(value);

    /// <summary><c>variable += delta</c>; <paramref name="delta"/> must broadcast to the variable's shape.</summary>
    public void AssignAdd(Tensor delta) => _value = Own(Update("AssignAdd", delta, subtract: false));

    /// <summary><c>variable -= delta</c> (the lecture's <c>w.assign_sub(learning_rate * dw)</c>); <paramref name="delta"/> must broadcast to the variable's shape.</summary>
    public void AssignSub(Tensor delta) => _value = Own(Update("AssignSub", delta, subtract: true));

    /// <summary>Reads the variable (watched by recording tapes, as <see cref="Value"/>).</summary>
    public static implicit operator Tensor(Variable variable)
    {
        ArgumentNullException.ThrowIfNull(variable);
        return variable.Value;
    }

    /// <summary>TensorFlow's notation: <c>&lt;tf.Variable 'x:0' shape=() dtype=float32, numpy=3.0&gt;</c>.</summary>
    public override string ToString()
    {
        var numpy = _value.Rank == 0
            ? TensorFormatter.FormatScalar(_value.Data[0])
            : _value.ToString()[("tf.Tensor(".Length)..^$", shape={Shape}, dtype=float32)".Length].TrimStart('\n');
        return string.Create(CultureInfo.InvariantCulture, $"<tf.Variable '{Name}:0' shape={Shape} dtype=float32, numpy={numpy}>");
    }

    /// <summary>A variable's value outlives any <see cref="TensorScope"/> it was made in.</summary>
    private static Tensor Own(Tensor value)
    {
        TensorScope.Detach(value);
        value.IsVariableValue = true;
        return value;
    }

    private Tensor Update(string op, Tensor delta, bool subtract)
    {
        ArgumentNullException.ThrowIfNull(delta);
        if (!Broadcasting.BroadcastsTo(delta.Shape, Shape))
        {
            throw new ArgumentException($"{op}: variable '{Name}' has shape {Shape} and the delta has shape {delta.Shape}, which does not broadcast to it.", nameof(delta));
        }

        // A new tensor rather than an in-place write: values read before (held by a tape or the caller) stay as they were.
        return ElementwiseKernels.Binary(op, _value, delta, subtract ? BinaryOp.Subtract : BinaryOp.Add);
    }
}
