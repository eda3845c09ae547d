namespace DiffGen;

/// <summary>What <see cref="GradientTape.Gradient(Tensor, Tensor, Tensor?, UnconnectedGradients)"/> returns for a source the target does not depend on (TensorFlow's <c>tf.UnconnectedGradients</c>).</summary>
public enum UnconnectedGradients
{
    /// <summary>A null gradient (TensorFlow's default: <c>None</c>).</summary>
    None,

    /// <summary>A tensor of zeros with the source's shape.</summary>
    Zero,
}
