namespace DiffGen;

/// <summary>The checks Keras makes on convolution arguments, shared by <see cref="Conv1D"/> and <see cref="Conv2D"/>.</summary>
internal static class ConvolutionArguments
{
    /// <summary>The padding in lower case; anything but valid/same (and causal for Conv1D) is an error naming the layer.</summary>
    public static string Padding(string layer, string padding, bool allowCausal)
    {
        ArgumentNullException.ThrowIfNull(padding);
        var lower = padding.ToLowerInvariant();
        return lower is "valid" or "same" || (allowCausal && lower == "causal")
            ? lower
            : throw new ArgumentException($"{layer}: padding must be \"valid\" or \"same\"{(allowCausal ? " or \"causal\"" : string.Empty)}, got \"{padding}\".", nameof(padding));
    }

    /// <summary>Keras rejects strides above 1 together with a dilation above 1 (TensorFlow has no kernel for it).</summary>
    public static void CheckStridesWithDilation(string layer, Int2 strides, Int2 dilation)
    {
        if ((strides.Height > 1 || strides.Width > 1) && (dilation.Height > 1 || dilation.Width > 1))
        {
            throw new ArgumentException($"{layer}: strides {strides} above 1 cannot be combined with dilationRate {dilation} above 1 (as in Keras).");
        }
    }
}
