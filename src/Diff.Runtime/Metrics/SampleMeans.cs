namespace DiffGen;

/// <summary>
/// The per-sample reduction the elementwise metrics share: reconcile the shapes as the losses do, then average an
/// elementwise term over the last axis of each sample, in double precision.
/// </summary>
internal static class SampleMeans
{
    /// <summary>The sum over samples of each sample's mean of <paramref name="term"/>, and the number of samples.</summary>
    public static (double Sum, long Samples) OverLastAxis(string name, Tensor yTrue, Tensor yPred, Func<double, double, double> term)
    {
        var (trueShape, predShape, shape) = LossShapes.Elementwise(name, yTrue.Shape, yPred.Shape);
        var width = shape[-1];
        var samples = shape.WithDimension(shape.Rank - 1, null).Size;

        // Broadcast as the losses do (y of shape (n,1) against (n,k) predictions).
        ReadOnlySpan<float> t = ElementwiseKernels.BroadcastTo(yTrue.View(trueShape), shape).AsSpan();
        ReadOnlySpan<float> p = ElementwiseKernels.BroadcastTo(yPred.View(predShape), shape).AsSpan();
        var sum = 0.0;
        for (var s = 0; s < samples; s++)
        {
            var sampleSum = 0.0;
            for (var j = s * width; j < (s + 1) * width; j++)
            {
                sampleSum += term(t[j], p[j]);
            }

            sum += sampleSum / width;
        }

        return (sum, samples);
    }
}
