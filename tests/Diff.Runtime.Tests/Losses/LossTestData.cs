namespace DiffGen.Runtime.Tests.Losses;

/// <summary>Deterministic batches for the loss tests, away from the kinks of |x|, Huber's δ and the clipping range.</summary>
internal static class LossTestData
{
    public const int Rows = 4;
    public const int Columns = 3;

    /// <summary>Real-valued labels and predictions whose differences avoid 0 and ±δ.</summary>
    public static (double[] YTrue, double[] YPred) Regression()
    {
        double[] yTrue = [0.5, -1.0, 2.0, 0.0, 1.5, -0.5, 3.0, 0.25, -2.0, 1.0, 0.75, -1.25];
        double[] yPred = [0.8, -0.1, 0.4, -0.3, 1.35, 0.9, 1.1, 0.45, -2.6, 2.7, 0.5, -1.0];
        return (yTrue, yPred);
    }

    /// <summary>Binary labels (some soft) and probabilities in (0.05, 0.95).</summary>
    public static (double[] YTrue, double[] YPred) Binary()
    {
        double[] yTrue = [1, 0, 1, 0, 0, 1, 1, 1, 0, 0.3, 0, 1];
        double[] yPred = [0.9, 0.2, 0.6, 0.45, 0.1, 0.7, 0.35, 0.8, 0.15, 0.5, 0.65, 0.55];
        return (yTrue, yPred);
    }

    /// <summary>Logits in [−3, 3], none exactly 0.</summary>
    public static double[] Logits() => [2.5, -1.2, 0.3, -0.7, 1.9, -2.8, 0.05, 1.1, -0.4, 3.0, -1.6, 0.9];

    /// <summary>One class index per row.</summary>
    public static double[] Labels() => [0, 2, 1, 2];

    /// <summary>Positive scores per row that do not sum to 1, so the rescaling matters.</summary>
    public static double[] Scores() => [0.7, 0.2, 0.3, 0.1, 0.3, 0.4, 0.25, 0.25, 0.5, 0.6, 0.3, 0.3];

    public static Tensor Matrix(double[] values) => Tensor.From(values, Rows, Columns);
}
