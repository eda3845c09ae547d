namespace DiffGen.Runtime.Tests.Tensors;

/// <summary>
/// <see cref="TensorScope"/>: what is released, what is kept, that a released tensor fails loudly instead of sharing
/// memory. That released large arrays are reused: <see cref="TensorBufferPoolTests"/>.
/// </summary>
public sealed class TensorScopeTests
{
    /// <summary>Large enough for the buffer pool (the large-object heap).</summary>
    internal const int Large = 1 << 16;

    [Fact]
    public void A_tensor_made_in_a_scope_is_released_at_its_end_and_using_it_throws_naming_its_shape()
    {
        var x = Tensor.Fill(new Shape(2, 3), 1.5f);
        Tensor y;
        using (new TensorScope())
        {
            y = x * 2f;
            Assert.Equal(3f, y[1, 2]);
        }

        var error = Assert.Throws<ObjectDisposedException>(() => y.ToArray());
        Assert.Contains("(2, 3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("Keep", error.Message, StringComparison.Ordinal);
        Assert.Equal(new Shape(2, 3), y.Shape); // the shape stays readable
        Assert.Equal(6, y.Size);
        Assert.Contains("released", y.ToString(), StringComparison.Ordinal);
        Assert.Equal([1.5f, 1.5f, 1.5f, 1.5f, 1.5f, 1.5f], x.ToArray()); // made before the scope: untouched
    }

    [Fact]
    public void A_kept_tensor_survives_its_scope_with_its_values()
    {
        var x = Tensor.RandomUniform(new Shape(Large), seed: 4);
        var expected = x.ToArray().Select(v => v * 3f).ToArray();
        Tensor kept;
        using (var scope = new TensorScope())
        {
            kept = scope.Keep(x * 3f);
            _ = x + 1f; // released
        }

        // The released sum's array goes back to the pool; a new op of that size reuses it and must not touch `kept`.
        using (new TensorScope())
        {
            _ = x - 7f;
            Assert.Equal(expected, kept.ToArray());
        }

        Assert.Equal(expected, kept.ToArray());
    }

    [Fact]
    public void Keep_moves_a_tensor_to_the_enclosing_scope_which_releases_it_unless_kept_there_too()
    {
        var x = Tensor.Fill(new Shape(4), 2f);
        Tensor once, twice;
        using (var outer = new TensorScope())
        {
            using (var inner = new TensorScope())
            {
                once = inner.Keep(x * 5f);
                twice = inner.Keep(x * 7f);
            }

            Assert.Equal(10f, once[0]);
            outer.Keep(twice);
        }

        Assert.Throws<ObjectDisposedException>(() => once.ToArray());
        Assert.Equal([14f, 14f, 14f, 14f], twice.ToArray());
    }

    [Fact]
    public void Keep_accepts_the_gradient_list_of_a_tape_and_skips_unconnected_nulls()
    {
        var a = new Variable(Tensor.Fill(new Shape(3), 2f));
        var b = new Variable(Tensor.Fill(new Shape(3), 1f));
        Tensor?[] gradients;
        using (var scope = new TensorScope())
        {
            using var tape = new GradientTape();
            var loss = Ops.ReduceSum(a.Value * a.Value);
            gradients = scope.Keep(tape.Gradient(loss, [a, b]));
        }

        Assert.Equal([4f, 4f, 4f], gradients[0]!.ToArray());
        Assert.Null(gradients[1]);
    }

    [Fact]
    public void A_value_assigned_to_a_variable_in_a_scope_outlives_it_and_is_never_recycled()
    {
        var x = Tensor.RandomUniform(new Shape(Large), seed: 5);
        var variable = new Variable(Tensor.Zeros(new Shape(Large)));
        var added = new Variable(Tensor.Zeros(new Shape(Large)));
        float[] expected;
        Variable made;
        using (new TensorScope())
        {
            var value = x * 2f;
            expected = value.ToArray();
            variable.Assign(value);
            added.AssignAdd(x);
            made = new Variable(x * 3f);
        }

        using (new TensorScope())
        {
            _ = x * 11f; // would reuse a recycled array
            _ = x * 13f;
        }

        Assert.Equal(expected, variable.ToArray());
        Assert.Equal(x.ToArray(), added.ToArray());
        Assert.Equal(x.ToArray().Select(v => v * 3f).ToArray(), made.ToArray());
    }

    [Fact]
    public void A_reshape_kept_while_its_source_is_released_keeps_the_shared_elements()
    {
        var x = Tensor.RandomUniform(new Shape(Large), seed: 6);
        Tensor view;
        float[] expected;
        using (var scope = new TensorScope())
        {
            var doubled = x * 2f;
            expected = doubled.ToArray();
            view = scope.Keep(Ops.Reshape(doubled, [256, -1]));
        }

        using (new TensorScope())
        {
            _ = x * 17f; // must not get the view's array
        }

        Assert.Equal(expected, view.ToArray());
        Assert.Equal(new Shape(256, Large / 256), view.Shape);
    }

    [Fact]
    public void A_reshape_of_a_tensor_made_before_the_scope_never_frees_that_tensors_elements()
    {
        var x = Tensor.RandomUniform(new Shape(Large), seed: 7);
        var expected = x.ToArray();
        using (new TensorScope())
        {
            _ = Ops.Reshape(x, [2, -1]);
        }

        using (new TensorScope())
        {
            _ = x * 19f;
        }

        Assert.Equal(expected, x.ToArray());
    }

    [Fact]
    public void A_reshape_made_in_a_scope_of_a_tensor_made_before_it_lives_as_long_as_that_tensor()
    {
        var x = Tensor.RandomUniform(new Shape(6), seed: 9);
        Tensor view;
        using (new TensorScope())
        {
            view = Ops.Reshape(x, [2, 3]); // shares x's elements, which no scope frees
        }

        Assert.Equal(x.ToArray(), view.ToArray());
    }

    [Fact]
    public void A_reshape_made_on_another_thread_of_a_scopes_tensor_is_released_with_that_scope()
    {
        var x = Tensor.RandomUniform(new Shape(Large), seed: 10);
        Tensor? view = null;
        using (new TensorScope())
        {
            var doubled = x * 2f;
            var other = new Thread(() => view = Ops.Reshape(doubled, [-1, 64])); // that thread has no scope of its own
            other.Start();
            other.Join();
            Assert.Equal(doubled.ToArray(), view!.ToArray());
        }

        // Its elements went back to the pool with `doubled`'s: the view must fail loudly, not read reused memory.
        Assert.Throws<ObjectDisposedException>(() => view.ToArray());
    }

    [Fact]
    public void StopGradient_in_a_scope_shares_without_freeing_the_elements_of_a_tensor_made_before_it()
    {
        var x = Tensor.RandomUniform(new Shape(Large), seed: 12);
        var expected = x.ToArray();
        using (new TensorScope())
        {
            _ = Ops.StopGradient(x);
        }

        using (new TensorScope())
        {
            _ = x * 23f; // would reuse x's array had StopGradient's result freed it
        }

        Assert.Equal(expected, x.ToArray());
    }

    [Fact]
    public void A_tape_used_after_the_scope_of_its_tensors_fails_loudly()
    {
        var x = new Variable(Tensor.Fill(new Shape(3), 2f));
        using var tape = new GradientTape(persistent: true);
        Tensor loss;
        using (new TensorScope())
        {
            loss = Ops.ReduceSum(Ops.Exp(x.Value));
        }

        Assert.Throws<ObjectDisposedException>(() => tape.Gradient(loss, x));
    }

    [Fact]
    public void Scopes_end_innermost_first()
    {
        var outer = new TensorScope();
        var inner = new TensorScope();
        var error = Assert.Throws<InvalidOperationException>(() => outer.Dispose());
        Assert.Contains("innermost", error.Message, StringComparison.Ordinal);
        inner.Dispose();
        outer.Dispose();
        outer.Dispose(); // a second Dispose does nothing
        Assert.Throws<ObjectDisposedException>(() => outer.Keep(Tensor.Scalar(1f)));
    }

    [Fact]
    public void Fit_releases_each_steps_tensors_but_the_model_stays_usable_afterwards()
    {
        using var seeds = RandomSeed.Scope(21); // a private seed stream: other tests draw from the global one meanwhile
        var x = Tensor.RandomUniform(new Shape(64, 3), seed: 1);
        var y = Ops.ReduceSum(x, axis: 1, keepDims: true);
        var model = new Sequential(new Dense(8, activation: "relu", kernelRegularizer: new L2(0.01)), new Dense(1));
        model.Compile(optimizer: "adam", loss: "mse");
        var history = model.Fit(x, y, epochs: 3, batchSize: 16, verbose: 0);

        Assert.Equal(3, history["loss"].Count);
        Assert.All(model.Layers.SelectMany(l => l.Weights), w => Assert.All(w.ToArray(), v => Assert.True(float.IsFinite(v))));
        Assert.All(model.Losses, penalty => Assert.True(penalty.Item > 0f));
        Assert.Equal(new Shape(64, 1), model.Predict(x, verbose: 0).Shape);
        Assert.True(model.Evaluate(x, y, verbose: 0) < history["loss"][0]);
    }
}
