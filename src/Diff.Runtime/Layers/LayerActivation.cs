namespace DiffGen;

/// <summary>What Dense and Conv2D do after their product: add the bias, apply the activation — fused when it can be.</summary>
internal static class LayerActivation
{
    private static readonly Func<Tensor, Tensor> Relu = Activations.Get("relu");
    private static readonly Func<Tensor, Tensor> Linear = Activations.Get("linear");

    /// <summary>Whether <paramref name="activation"/> is ReLU or linear, which fused ops apply themselves (<paramref name="relu"/> says which).</summary>
    public static bool Fuses(ActivationFunction activation, out bool relu)
    {
        relu = ReferenceEquals(activation.Function, Relu);
        return relu || ReferenceEquals(activation.Function, Linear);
    }

    /// <summary>
    /// <c>activation(outputs + bias)</c> (no bias when null), with the bias along the last axis. The built-in ReLU and
    /// linear activations run as one fused op (<see cref="Ops.BiasActivation"/>); any other activation as its function.
    /// </summary>
    public static Tensor Apply(Tensor outputs, Tensor? bias, ActivationFunction activation)
    {
        if (ReferenceEquals(activation.Function, Relu))
        {
            return Ops.BiasActivation(outputs, bias, relu: true);
        }

        if (ReferenceEquals(activation.Function, Linear))
        {
            return bias is null ? outputs : Ops.BiasActivation(outputs, bias, relu: false);
        }

        return activation.Function(bias is null ? outputs : outputs + bias);
    }
}
