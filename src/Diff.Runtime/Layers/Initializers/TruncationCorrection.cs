namespace DiffGen;

/// <summary>
/// The standard deviation of a standard normal truncated to [−2, 2]. Keras divides by it so that the truncated
/// draws have the intended standard deviation.
/// </summary>
internal static class TruncationCorrection
{
    public const double StandardDeviation = 0.87962566103423978;
}
