namespace DiffGen.Runtime.Tests.Metrics;

/// <summary>Metrics average over samples, so uneven batches weigh by their size.</summary>
public sealed class RunningMeanTests
{
    [Fact]
    public void Mse_and_mae_average_per_sample_values_over_uneven_batches()
    {
        // Batches of 3, 1 and 2 samples with 2 outputs each.
        var batches = new (float[] YTrue, float[] YPred)[]
        {
            ([0, 0, 1, 1, 2, 2], [1, 0, 1, 3, 2, 2]),
            ([5, 5], [1, 2]),
            ([0, 1, 1, 0], [0.5f, 1, 1, -0.5f]),
        };

        var mse = DiffGen.Metrics.Get("mse");
        var mae = DiffGen.Metrics.Get("mae");
        var squares = new List<double>();
        var absolutes = new List<double>();
        foreach (var (yTrue, yPred) in batches)
        {
            var rows = yTrue.Length / 2;
            mse.UpdateState(Tensor.From(yTrue, rows, 2), Tensor.From(yPred, rows, 2));
            mae.UpdateState(Tensor.From(yTrue, rows, 2), Tensor.From(yPred, rows, 2));
            for (var r = 0; r < rows; r++)
            {
                double d0 = yTrue[2 * r] - yPred[2 * r], d1 = yTrue[(2 * r) + 1] - yPred[(2 * r) + 1];
                squares.Add(((d0 * d0) + (d1 * d1)) / 2);
                absolutes.Add((Math.Abs(d0) + Math.Abs(d1)) / 2);
            }
        }

        // Per-sample values: mse 0.5, 2, 0, 12.5, 0.125, 0.125; a mean of batch means would give (2.5/3 + 12.5 + 0.125)/3.
        Assert.Equal(15.25 / 6, squares.Average(), 1e-12);
        Assert.Equal(squares.Average(), mse.Result(), 1e-9);
        Assert.Equal(absolutes.Average(), mae.Result(), 1e-9);
        Assert.Equal("mse", mse.Name);
        Assert.Equal("mae", mae.Name);
    }

    [Fact]
    public void Accuracy_over_uneven_batches_counts_samples()
    {
        // 2 of 3 right, then 0 of 1: 2/4, not the mean of batch accuracies (2/3 + 0)/2.
        var accuracy = new BinaryAccuracy();
        accuracy.UpdateState(Tensor.From([1f, 0, 1], 3, 1), Tensor.From([0.9f, 0.1f, 0.2f], 3, 1));
        accuracy.UpdateState(Tensor.From([1f], 1, 1), Tensor.From([0.3f], 1, 1));

        Assert.Equal(0.5, accuracy.Result());
    }

    [Fact]
    public void ResetState_forgets_and_Result_is_0_before_any_batch()
    {
        var mae = new MeanAbsoluteErrorMetric();
        Assert.Equal(0, mae.Result());
        mae.UpdateState(Tensor.From([1f, 2f], 2), Tensor.From([2f, 4f], 2));
        Assert.Equal(1.5, mae.Result());
        mae.ResetState();
        Assert.Equal(0, mae.Result());
        mae.UpdateState(Tensor.From([1f], 1), Tensor.From([1.25f], 1));
        Assert.Equal(0.25, mae.Result());
    }

    [Fact]
    public void A_vector_of_n_values_is_n_samples()
    {
        // (4,) against (4, 1) as the losses reconcile it; each value is one sample, so a later batch of 1 weighs 1/5:
        // (0 + 0 + 0 + 4 + 4)/5, where averaging the two batches would give (1 + 4)/2.
        var mse = new MeanSquaredErrorMetric();
        mse.UpdateState(Tensor.From([1f, 2, 3, 4], 4), Tensor.From([1f, 2, 3, 6], 4, 1));
        mse.UpdateState(Tensor.From([0f], 1), Tensor.From([2f], 1));
        Assert.Equal(8 / 5.0, mse.Result(), 1e-12);
    }

    [Fact]
    public void Mean_is_a_weighted_running_mean()
    {
        // The training loop's loss tracker: batch means weighted by batch size.
        var loss = new Mean("loss");
        loss.UpdateState(2.0, 3);
        loss.UpdateState(4.0, 1);
        Assert.Equal("loss", loss.Name);
        Assert.Equal(2.5, loss.Result());

        loss.UpdateState(Tensor.From([1f, 1f], 2));
        Assert.Equal(12.0 / 6, loss.Result());

        loss.ResetState();
        Assert.Equal(0, loss.Result());
        Assert.Equal("mean", new Mean().Name);
        Assert.Throws<ArgumentOutOfRangeException>(() => loss.UpdateState(1, -1));
    }

    [Fact]
    public void Metrics_do_not_record_on_a_tape()
    {
        // Updating a metric inside a tape block leaves the gradient as it was without the metric.
        var w = new Variable(Tensor.From([2f], 1, 1), "w");
        var mse = new MeanSquaredErrorMetric();
        using var tape = new GradientTape();
        var prediction = Ops.MatMul(Tensor.From([3f], 1, 1), w);
        mse.UpdateState(Tensor.From([1f], 1, 1), prediction);
        var loss = Ops.ReduceSum(prediction);
        Assert.Equal(3f, tape.Gradient(loss, w).Item);
        Assert.Equal(25, mse.Result());
    }

    [Fact]
    public void Shapes_that_do_not_fit_name_the_metric()
    {
        var error = Assert.Throws<ArgumentException>(() => DiffGen.Metrics.Get("mse").UpdateState(Tensor.Zeros(32, 3), Tensor.Zeros(32, 2)));
        Assert.Equal("mse: y_true has shape (32,3) but y_pred has shape (32,2).", error.Message);
    }
}
