namespace DiffGen.Runtime.Tests.Autodiff;

/// <summary>The tape's semantics, following tf.GradientTape's documentation.</summary>
public sealed class GradientTapeTests
{
    [Fact]
    public void Lecture_gradient_of_x_squared_at_3_is_6()
    {
        var x = new Variable(3f);
        using var tape = new GradientTape();
        var y = x * x;

        Tensor dy = tape.Gradient(y, x);

        Assert.Equal(6f, dy.Item);
        Assert.Equal(Shape.Scalar, dy.Shape);
        Assert.Equal("tf.Tensor(6.0, shape=(), dtype=float32)", dy.ToString());
    }

    [Fact]
    public void Lecture_linear_layer_loss_gradients_match_the_closed_form()
    {
        // y = x·W + b, loss = mean((y − ŷ)²): ∂/∂W = −2·mean((y − ŷ)·x), ∂/∂b = −2·mean(y − ŷ).
        var random = new Random(7);
        var xs = new float[100];
        var ys = new float[100];
        for (var i = 0; i < xs.Length; i++)
        {
            xs[i] = (float)((random.NextDouble() * 4) - 2);
            ys[i] = (2 * xs[i]) + 1 + (float)(0.1 * (random.NextDouble() - 0.5));
        }

        var x = Tensor.From(xs, 100, 1);
        var y = Tensor.From(ys, 100, 1);
        var w = new Variable(Tensor.From([0.3f], 1, 1), "kernel");
        var b = new Variable(Tensor.From([-0.2f], 1), "bias");

        Tensor?[] gradients;
        using (var tape = new GradientTape())
        {
            var predicted = Ops.MatMul(x, w) + b;
            var loss = Ops.ReduceMean(Ops.Square(y - predicted));
            gradients = tape.Gradient(loss, [w, b]);
        }

        double dw = 0, db = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            var residual = ys[i] - ((0.3 * xs[i]) + -0.2);
            dw += -2 * residual * xs[i] / xs.Length;
            db += -2 * residual / xs.Length;
        }

        Assert.Equal(new[] { 1, 1 }, gradients[0]!.Shape.ToArray());
        Assert.Equal(new[] { 1 }, gradients[1]!.Shape.ToArray());
        Assert.Equal(dw, gradients[0]!.Item, 1e-4);
        Assert.Equal(db, gradients[1]!.Item, 1e-4);
    }

    [Fact]
    public void Trainable_variables_are_watched_when_read_and_constants_are_not()
    {
        var v = new Variable(2f);
        var frozen = new Variable(5f, trainable: false);
        var c = Tensor.Scalar(4f);
        using var tape = new GradientTape(persistent: true);
        var y = (v * frozen) + (v * c);

        Assert.Equal(9f, tape.Gradient(y, v).Item);
        Assert.Null(tape.Gradient(y, frozen));
        Assert.Null(tape.Gradient(y, c));
        Assert.Equal([v], tape.WatchedVariables);
    }

    [Fact]
    public void Watch_makes_a_tensor_and_an_untrainable_variable_differentiable()
    {
        var c = Tensor.Scalar(4f);
        var frozen = new Variable(5f, trainable: false);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(c);
        tape.Watch(frozen);
        var y = c * c * frozen;

        Assert.Equal(40f, tape.Gradient(y, c).Item);
        Assert.Equal(16f, tape.Gradient(y, frozen).Item);
    }

    [Fact]
    public void Without_watching_accessed_variables_only_watched_ones_are_recorded()
    {
        var a = new Variable(2f);
        var b = new Variable(3f);
        using var tape = new GradientTape(watchAccessedVariables: false);
        tape.Watch(a);
        var y = a * b;

        var gradients = tape.Gradient(y, [a, b]);

        Assert.Equal(3f, gradients[0]!.Item);
        Assert.Null(gradients[1]);
    }

    [Fact]
    public void A_non_persistent_tape_gives_one_set_of_gradients()
    {
        var x = new Variable(3f);
        using var tape = new GradientTape();
        var y = x * x;
        tape.Gradient(y, x);

        var error = Assert.Throws<InvalidOperationException>(() => tape.Gradient(y, x));
        Assert.Contains("non-persistent", error.Message);
        Assert.Contains("persistent: true", error.Message);
    }

    [Fact]
    public void A_persistent_tape_gives_gradients_of_several_targets()
    {
        var x = Tensor.Scalar(3f);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var y = x * x;
        var z = y * y;

        Assert.Equal(108f, tape.Gradient(z, x).Item);   // 4x³
        Assert.Equal(6f, tape.Gradient(y, x).Item);     // 2x
        Assert.Equal(18f, tape.Gradient(z, y).Item);    // 2y
    }

    [Fact]
    public void Unconnected_sources_give_null_or_zeros()
    {
        var x = new Variable(Tensor.From([1f, 2f], 2));
        var unused = new Variable(Tensor.From([1f, 2f, 3f], 3));
        using var tape = new GradientTape(persistent: true);
        var y = Ops.ReduceSum(x * x);
        _ = unused.Value;   // read, so watched, but y does not depend on it

        Assert.Null(tape.Gradient(y, unused));
        var zeros = tape.Gradient(y, unused, unconnectedGradients: UnconnectedGradients.Zero);
        Assert.Equal(new float[3], zeros.ToArray());
        Assert.Equal(unused.Shape, zeros.Shape);
    }

    [Fact]
    public void A_non_scalar_target_is_summed_unless_output_gradients_are_given()
    {
        var x = Tensor.From([1f, 2f, 3f], 3);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var y = x * x;

        Assert.Equal(new[] { 2f, 4f, 6f }, tape.Gradient(y, x).ToArray());
        var weighted = tape.Gradient(y, x, outputGradients: Tensor.From([1f, 0f, -1f], 3));
        Assert.Equal(new[] { 2f, 0f, -6f }, weighted.ToArray());
        var error = Assert.Throws<ArgumentException>(() => tape.Gradient(y, x, outputGradients: Tensor.Ones(2)));
        Assert.Contains("(3,)", error.Message);
        Assert.Contains("(2,)", error.Message);
    }

    [Fact]
    public void Nested_tapes_give_the_second_derivative_of_x_cubed_at_2()
    {
        var x = new Variable(2f);
        using var outer = new GradientTape();
        using var inner = new GradientTape();
        var y = x * x * x;
        var dy = inner.Gradient(y, x);
        var d2y = outer.Gradient(dy, x);

        Assert.Equal(12f, dy.Item);    // 3x²
        Assert.Equal(12f, d2y.Item);   // 6x
    }

    [Fact]
    public void Third_derivative_through_three_tapes()
    {
        var x = Tensor.Scalar(0.5f);
        using var t3 = new GradientTape();
        using var t2 = new GradientTape();
        using var t1 = new GradientTape();
        t3.Watch(x);
        t2.Watch(x);
        t1.Watch(x);
        var y = Ops.Sin(x);
        var d1 = t1.Gradient(y, x);
        var d2 = t2.Gradient(d1, x);
        var d3 = t3.Gradient(d2, x);

        Assert.Equal(Math.Cos(0.5), d1.Item, 1e-6);
        Assert.Equal(-Math.Sin(0.5), d2.Item, 1e-6);
        Assert.Equal(-Math.Cos(0.5), d3.Item, 1e-6);
    }

    [Fact]
    public void Jacobian_of_an_elementwise_op_is_diagonal()
    {
        var x = Tensor.From([1f, 2f, 3f], 3);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = x * x;

        var jacobian = tape.Jacobian(y, x)!;

        Assert.Equal(new[] { 3, 3 }, jacobian.Shape.ToArray());
        Assert.Equal(new[] { 2f, 0, 0, 0, 4, 0, 0, 0, 6 }, jacobian.ToArray());
    }

    [Fact]
    public void Jacobian_of_a_matrix_product_has_the_target_then_the_source_shape()
    {
        var a = Tensor.From([1f, 2f, 3f, 4f, 5f, 6f], 2, 3);
        var w = new Variable(Tensor.From([1f, -1f, 0.5f], 3, 1));
        using var tape = new GradientTape();
        var y = Ops.MatMul(a, w);   // (2, 1)

        var jacobian = tape.Jacobian(y, w)!;

        // ∂y[i,0]/∂w[k,0] = a[i,k].
        Assert.Equal(new[] { 2, 1, 3, 1 }, jacobian.Shape.ToArray());
        Assert.Equal(new[] { 1f, 2, 3, 4, 5, 6 }, jacobian.ToArray());
    }

    [Fact]
    public void Jacobian_of_an_unconnected_source_is_null_or_zeros()
    {
        var x = Tensor.From([1f, 2f], 2);
        var z = Tensor.From([1f, 2f, 3f], 3);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        tape.Watch(z);
        var y = x * 2f;

        Assert.Null(tape.Jacobian(y, z));
        var zeros = tape.Jacobian(y, z, UnconnectedGradients.Zero)!;
        Assert.Equal(new[] { 2, 3 }, zeros.Shape.ToArray());
        Assert.All(zeros.ToArray(), value => Assert.Equal(0f, value));
    }

    [Fact]
    public void StopRecording_pauses_the_tape()
    {
        var x = new Variable(3f);
        using var tape = new GradientTape();
        var y = x * x;
        Tensor z;
        using (tape.StopRecording())
        {
            z = y * x;   // not recorded: constant to the tape
        }

        var w = y + z;

        Assert.Equal(6f, tape.Gradient(w, x).Item);
    }

    [Fact]
    public void A_target_computed_before_the_tape_is_an_error_that_says_so()
    {
        var x = Tensor.Scalar(3f);
        var y = x * x;
        using var tape = new GradientTape();
        tape.Watch(x);

        var error = Assert.Throws<InvalidOperationException>(() => tape.Gradient(y, x));
        Assert.Contains("not computed while this GradientTape was recording", error.Message);
    }

    [Fact]
    public void Gradients_may_be_taken_after_the_tape_is_disposed()
    {
        var x = new Variable(3f);
        Tensor y;
        GradientTape tape;
        using (tape = new GradientTape())
        {
            y = x * x;
        }

        var later = x * x;   // not recorded: the tape is closed

        Assert.Equal(6f, tape.Gradient(y, x).Item);
        Assert.Equal(Shape.Scalar, later.Shape);
    }

    [Fact]
    public void A_variable_read_twice_across_an_assignment_gets_the_sum_of_both_reads()
    {
        var v = new Variable(3f);
        using var tape = new GradientTape();
        var first = v * 2f;      // reads 3
        v.AssignSub(1f);
        var second = v * v;      // reads 2
        var y = first + second;

        // d/dv of 2·v₁ + v₂² with both reads counted: 2 + 2·2 = 6.
        Assert.Equal(6f, tape.Gradient(y, v).Item);
        Assert.Equal(2f, v.Value.Item);
    }

    [Fact]
    public void Gradient_with_respect_to_the_target_itself_is_ones()
    {
        var x = Tensor.From([1f, 2f], 2);
        using var tape = new GradientTape();
        tape.Watch(x);

        Assert.Equal(new[] { 1f, 1f }, tape.Gradient(x, x).ToArray());
    }

    [Fact]
    public void Each_thread_records_only_its_own_ops()
    {
        var x = new Variable(3f);
        using var tape = new GradientTape();
        Tensor? fromOtherThread = null;
        var thread = new Thread(() => fromOtherThread = x * x);
        thread.Start();
        thread.Join();
        var y = x * 2f;

        Assert.Equal(9f, fromOtherThread!.Item);
        Assert.Equal(2f, tape.Gradient(y, x).Item);
    }

    [Fact]
    public void Gradients_keep_NaN_visible()
    {
        var x = Tensor.Scalar(-1f);
        using var tape = new GradientTape();
        tape.Watch(x);
        var y = Ops.Sqrt(x);

        Assert.True(float.IsNaN(y.Item));
        Assert.True(float.IsNaN(tape.Gradient(y, x).Item));
    }

    [Fact]
    public void Reset_forgets_what_was_recorded()
    {
        var x = new Variable(3f);
        using var tape = new GradientTape(persistent: true);
        var before = x * x;
        tape.Reset();
        var after = x * 5f;

        Assert.Equal(5f, tape.Gradient(after, x).Item);
        Assert.Null(tape.Gradient(before, x));
    }
}
