namespace DiffGen;

/// <summary>
/// How losses and metrics fit <c>y_true</c> to <c>y_pred</c>, as Keras does: labels of shape (n,) against
/// predictions of shape (n, 1) (or the reverse) are reconciled by squeezing or expanding the last axis; anything else
/// that differs is an error naming the loss or metric and both shapes — never a silent broadcast.
/// </summary>
internal static class LossShapes
{
    /// <summary>
    /// Keras' <c>squeeze_or_expand_to_same_rank</c>: when the ranks differ by one and the longer shape ends in 1,
    /// the shorter one gains a trailing 1 if it is a vector, else the longer one loses its trailing 1.
    /// </summary>
    public static (Shape YTrue, Shape YPred) SqueezeOrExpand(Shape yTrue, Shape yPred)
    {
        if (yTrue.Rank == yPred.Rank + 1 && yTrue[-1] == 1)
        {
            return yPred.Rank == 1 ? (yTrue, Expanded(yPred)) : (Squeezed(yTrue), yPred);
        }

        if (yPred.Rank == yTrue.Rank + 1 && yPred[-1] == 1)
        {
            return yTrue.Rank == 1 ? (Expanded(yTrue), yPred) : (yTrue, Squeezed(yPred));
        }

        return (yTrue, yPred);
    }

    /// <summary>
    /// The shapes of an elementwise loss or metric (mean over the last axis per sample): each tensor's own shape after
    /// Keras' reconciliation (a vector of n values is n samples, (n, 1)), and the shape they broadcast to. Like Keras,
    /// same-rank shapes with the same number of samples broadcast: the lecture fits y of shape (100,1) with a
    /// Dense(10) model, and each of the 10 outputs is compared with y.
    /// </summary>
    /// <exception cref="ArgumentException">The sample counts differ, the shapes do not broadcast, or they are scalars.</exception>
    public static (Shape YTrue, Shape YPred, Shape Common) Elementwise(string name, Shape yTrue, Shape yPred)
    {
        var (t, p) = SqueezeOrExpand(yTrue, yPred);
        if (t.Rank == 0 || p.Rank == 0)
        {
            throw new ArgumentException($"{name}: y_true and y_pred are scalars; they need a batch axis, e.g. shape (n,) or (n,1).");
        }

        t = t.Rank == 1 ? Expanded(t) : t;
        p = p.Rank == 1 ? Expanded(p) : p;
        if (t == p)
        {
            return (t, p, t);
        }

        if (t.Rank != p.Rank || t[0] != p[0] || !Broadcastable(t, p))
        {
            throw Mismatch(name, yTrue, yPred);
        }

        return (t, p, Broadcasting.Shape(name, t, p));
    }

    /// <summary>
    /// The number of classes, after checking that <paramref name="yTrue"/> holds one class index per sample of
    /// <paramref name="yPred"/> (class scores on the last axis): shape y_pred.shape[:-1], or that with a trailing 1.
    /// </summary>
    /// <exception cref="ArgumentException">The shapes do not fit.</exception>
    public static int SparseClasses(string name, Shape yTrue, Shape yPred)
    {
        if (yPred.Rank == 0 || yPred[-1] == 0)
        {
            throw new ArgumentException($"{name}: y_pred has shape {yPred.ToCompactString()}; it needs a last axis of class scores.");
        }

        var samples = yPred.WithDimension(yPred.Rank - 1, null);
        var fits = yTrue == samples || (yTrue.Rank == yPred.Rank && yTrue[-1] == 1 && yTrue.WithDimension(yTrue.Rank - 1, null) == samples);
        if (!fits)
        {
            var hint = yTrue == yPred ? " (one-hot labels: use categorical_crossentropy)" : string.Empty;
            throw Mismatch(name, yTrue, yPred, $"; y_true should hold one class index per sample, shape {samples.ToCompactString()} or {WithTrailingOne(samples).ToCompactString()}{hint}");
        }

        return yPred[-1];
    }

    /// <summary>The error for shapes that do not fit: <c>mse: y_true has shape (32,3) but y_pred has shape (32,1)</c>.</summary>
    public static ArgumentException Mismatch(string name, Shape yTrue, Shape yPred, string? detail = null) =>
        new($"{name}: y_true has shape {yTrue.ToCompactString()} but y_pred has shape {yPred.ToCompactString()}{detail}.");

    /// <summary><paramref name="x"/> with <paramref name="shape"/> (same size), through <see cref="Ops.Reshape"/> so that tapes follow it.</summary>
    public static Tensor Reshaped(Tensor x, Shape shape) => x.Shape == shape ? x : Ops.Reshape(x, shape.ToArray());

    private static Shape Expanded(Shape shape) => WithTrailingOne(shape);

    private static Shape Squeezed(Shape shape) => shape.WithDimension(shape.Rank - 1, null);

    private static Shape WithTrailingOne(Shape shape) => new([.. shape.ToArray(), 1]);

    private static bool Broadcastable(Shape a, Shape b)
    {
        for (var i = 0; i < a.Rank; i++)
        {
            if (a[i] != b[i] && a[i] != 1 && b[i] != 1)
            {
                return false;
            }
        }

        return true;
    }
}
