namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// The ops a random chain is built from, so that one interpreter (<see cref="OpChain"/>) can run a chain on
/// float tensors under a tape (<see cref="TensorBackend"/>) and on the double reference (<see cref="RefBackend"/>).
/// </summary>
internal interface IChainBackend<T>
{
    int[] ShapeOf(T x);

    T Constant(Tensor value);

    T Unary(string op, T x);

    T Binary(string op, T a, T b);

    T Softmax(T x, int axis, bool log);

    T MatMul(T a, T b, bool transposeA, bool transposeB);

    T Transpose(T x, int[]? perm);

    T Reshape(T x, int[] shape);

    T Reduce(Reference.Reduction kind, T x, int? axis, bool keepDims);

    T Concat(T[] xs, int axis);

    T Slice(T x, int start, int length, int axis);

    T BroadcastTo(T x, int[] shape);

    T Where(T condition, T x, T y);
}

/// <summary>The chain on <see cref="Tensor"/>s through <see cref="Ops"/> and the operators: the code under test.</summary>
internal sealed class TensorBackend : IChainBackend<Tensor>
{
    public static readonly TensorBackend Instance = new();

    public int[] ShapeOf(Tensor x) => x.Shape.ToArray();

    public Tensor Constant(Tensor value) => value;

    public Tensor Unary(string op, Tensor x) => op switch
    {
        "Negate" => -x,
        "Square" => Ops.Square(x),
        "Exp" => Ops.Exp(x),
        "Log" => Ops.Log(x),
        "Sqrt" => Ops.Sqrt(x),
        "Tanh" => Ops.Tanh(x),
        "Sigmoid" => Ops.Sigmoid(x),
        "Sin" => Ops.Sin(x),
        "Cos" => Ops.Cos(x),
        "Abs" => Ops.Abs(x),
        "Relu" => Ops.Relu(x),
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public Tensor Binary(string op, Tensor a, Tensor b) => op switch
    {
        "Add" => a + b,
        "Subtract" => a - b,
        "Multiply" => a * b,
        "Divide" => a / b,
        "Maximum" => Ops.Maximum(a, b),
        "Minimum" => Ops.Minimum(a, b),
        "Pow" => Ops.Pow(a, b),
        "Greater" => a > b,
        _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
    };

    public Tensor Softmax(Tensor x, int axis, bool log) => log ? Ops.LogSoftmax(x, axis) : Ops.Softmax(x, axis);

    public Tensor MatMul(Tensor a, Tensor b, bool transposeA, bool transposeB) => Ops.MatMul(a, b, transposeA, transposeB);

    public Tensor Transpose(Tensor x, int[]? perm) => Ops.Transpose(x, perm);

    public Tensor Reshape(Tensor x, int[] shape) => Ops.Reshape(x, shape);

    public Tensor Reduce(Reference.Reduction kind, Tensor x, int? axis, bool keepDims) => kind switch
    {
        Reference.Reduction.Sum => Ops.ReduceSum(x, axis, keepDims),
        Reference.Reduction.Mean => Ops.ReduceMean(x, axis, keepDims),
        _ => Ops.ReduceMax(x, axis, keepDims),
    };

    public Tensor Concat(Tensor[] xs, int axis) => Ops.Concat(xs, axis);

    public Tensor Slice(Tensor x, int start, int length, int axis) => Ops.Slice(x, start, length, axis);

    public Tensor BroadcastTo(Tensor x, int[] shape) => Ops.BroadcastTo(x, new Shape(shape));

    public Tensor Where(Tensor condition, Tensor x, Tensor y) => Ops.Where(condition, x, y);
}

/// <summary>
/// The chain on the double reference. It also notes how close the chain came to a kink (|x| at Abs/Relu, |a − b|
/// at Maximum/Minimum/Greater, the gap to the runner-up at ReduceMax) and the largest magnitude it saw, so that a
/// point where float32 and double could take different branches, or where values explode, is skipped rather than
/// misreported; and it writes down what it ran, for failure messages.
/// </summary>
internal sealed class RefBackend : IChainBackend<Ref>
{
    public double KinkDistance { get; private set; } = double.PositiveInfinity;

    public double Magnitude { get; private set; }

    public List<string> Trace { get; } = [];

    public int[] ShapeOf(Ref x) => x.Shape;

    public Ref Constant(Tensor value) => Ref.Of(value);

    public Ref Unary(string op, Ref x)
    {
        if (op is "Abs" or "Relu")
        {
            Kink(x.Data.Select(Math.Abs));
        }

        return Note($"{op}", x, Reference.Map(x, op switch
        {
            "Negate" => v => -v,
            "Square" => v => v * v,
            "Exp" => Math.Exp,
            "Log" => Math.Log,
            "Sqrt" => Math.Sqrt,
            "Tanh" => Math.Tanh,
            "Sigmoid" => Reference.Sigmoid,
            "Sin" => Math.Sin,
            "Cos" => Math.Cos,
            "Abs" => Math.Abs,
            "Relu" => v => Math.Max(v, 0),
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        }));
    }

    public Ref Binary(string op, Ref a, Ref b)
    {
        if (op is "Maximum" or "Minimum" or "Greater")
        {
            Kink(Reference.Binary(a, b, (p, q) => Math.Abs(p - q)).Data);
        }

        return Note($"{op} with ({string.Join(",", b.Shape)})", a, Reference.Binary(a, b, op switch
        {
            "Add" => (p, q) => p + q,
            "Subtract" => (p, q) => p - q,
            "Multiply" => (p, q) => p * q,
            "Divide" => (p, q) => p / q,
            "Maximum" => Math.Max,
            "Minimum" => Math.Min,
            "Pow" => Math.Pow,
            "Greater" => (p, q) => p > q ? 1 : 0,
            _ => throw new ArgumentOutOfRangeException(nameof(op), op, null),
        }));
    }

    public Ref Softmax(Ref x, int axis, bool log) => Note($"{(log ? "LogSoftmax" : "Softmax")}(axis {axis})", x, Reference.Softmax(x, axis, log));

    public Ref MatMul(Ref a, Ref b, bool transposeA, bool transposeB) =>
        Note($"MatMul(({string.Join(",", a.Shape)}){(transposeA ? "ᵀ" : "")}, ({string.Join(",", b.Shape)}){(transposeB ? "ᵀ" : "")})", a, Reference.MatMul(a, b, transposeA, transposeB));

    public Ref Transpose(Ref x, int[]? perm) => Note($"Transpose({(perm is null ? "reversed" : string.Join(",", perm))})", x, Reference.Transpose(x, perm));

    public Ref Reshape(Ref x, int[] shape) => Note($"Reshape({string.Join(",", shape)})", x, Reference.Reshape(x, shape));

    public Ref Reduce(Reference.Reduction kind, Ref x, int? axis, bool keepDims)
    {
        if (kind == Reference.Reduction.Max)
        {
            // The gap between each group's maximum and its runner-up (a group of one has no tie to fear).
            var max = Reference.Reduce(x, Reference.Reduction.Max, axis, keepDims: true);
            var below = Reference.Binary(x, max, (v, m) => v == m ? double.NegativeInfinity : v);
            var second = Reference.Reduce(below, Reference.Reduction.Max, axis, keepDims: true);
            var ties = Reference.Binary(x, max, (v, m) => v == m ? 1 : 0);
            var count = Reference.Reduce(ties, Reference.Reduction.Sum, axis, keepDims: true);
            Kink(max.Data.Select((m, i) => count.Data[i] > 1 ? 0 : m - second.Data[i]));
        }

        return Note($"Reduce{kind}(axis {axis?.ToString() ?? "all"}, keepDims {keepDims})", x, Reference.Reduce(x, kind, axis, keepDims));
    }

    public Ref Concat(Ref[] xs, int axis) => Note($"Concat({string.Join(", ", xs.Select(x => $"({string.Join(",", x.Shape)})"))}, axis {axis})", xs[0], Reference.Concat(xs, axis));

    public Ref Slice(Ref x, int start, int length, int axis) => Note($"Slice(start {start}, length {length}, axis {axis})", x, Reference.Slice(x, start, length, axis));

    public Ref BroadcastTo(Ref x, int[] shape) => Note($"BroadcastTo({string.Join(",", shape)})", x, Reference.BroadcastTo(x, shape));

    public Ref Where(Ref condition, Ref x, Ref y) => Note($"Where(({string.Join(",", condition.Shape)}), ·, ({string.Join(",", y.Shape)}))", x, Reference.Where(condition, x, y));

    private void Kink(IEnumerable<double> distances)
    {
        foreach (var distance in distances)
        {
            KinkDistance = Math.Min(KinkDistance, distance);
        }
    }

    private Ref Note(string what, Ref input, Ref output)
    {
        Trace.Add($"{what}: ({string.Join(",", input.Shape)}) → ({string.Join(",", output.Shape)})");
        foreach (var value in output.Data)
        {
            Magnitude = Math.Max(Magnitude, double.IsFinite(value) ? Math.Abs(value) : double.PositiveInfinity);
        }

        return output;
    }
}
