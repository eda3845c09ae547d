namespace DiffGen.Runtime.Tests.Tensors;

/// <summary>Variable's value changes only through Assign, AssignAdd and AssignSub, and never under a value read earlier.</summary>
public class VariableTests
{
    [Fact]
    public void A_variable_holds_its_initial_value_name_and_trainability()
    {
        var v = new Variable(Tensor.From([1f, 2f], 2), name: "kernel", trainable: false);
        Assert.Equal("kernel", v.Name);
        Assert.False(v.Trainable);
        Assert.Equal(new Shape(2), v.Shape);
        Assert.Equal(new[] { 1f, 2f }, v.ToArray());

        var scalar = new Variable(3f);
        Assert.True(scalar.Trainable);
        Assert.Equal(Shape.Scalar, scalar.Shape);
        Assert.Equal(3f, scalar.Value.Item);
        Tensor converted = scalar;
        Assert.Equal(3f, converted.Item);
    }

    [Fact]
    public void Assign_replaces_the_value_and_leaves_a_value_read_before_unchanged()
    {
        var v = new Variable(Tensor.From([1f, 2f, 3f]), name: "w");
        var before = v.Value;
        v.Assign(Tensor.From([7f, 8f, 9f]));
        Assert.Equal(new[] { 7f, 8f, 9f }, v.ToArray());
        Assert.Equal(new[] { 1f, 2f, 3f }, before.ToArray());
    }

    [Fact]
    public void AssignAdd_and_AssignSub_update_elementwise_with_broadcasting()
    {
        var v = new Variable(Tensor.From([1f, 2f, 3f, 4f], 2, 2), name: "w");
        var before = v.Value;
        v.AssignAdd(Tensor.From([10f, 20f, 30f, 40f], 2, 2));
        Assert.Equal(new[] { 11f, 22f, 33f, 44f }, v.ToArray());
        var middle = v.Value;
        v.AssignSub(Tensor.From([1f, 2f], 2));
        Assert.Equal(new[] { 10f, 20f, 32f, 42f }, v.ToArray());
        v.AssignSub(0.5f);
        Assert.Equal(new[] { 9.5f, 19.5f, 31.5f, 41.5f }, v.ToArray());

        Assert.Equal(new[] { 1f, 2f, 3f, 4f }, before.ToArray());
        Assert.Equal(new[] { 11f, 22f, 33f, 44f }, middle.ToArray());
        Assert.Equal(new Shape(2, 2), v.Shape);
    }

    [Fact]
    public void The_lecture_update_w_minus_learning_rate_times_gradient()
    {
        var w = new Variable(Tensor.From([0.5f, -1f]), name: "w");
        Tensor gradient;
        using (var tape = new GradientTape())
        {
            gradient = tape.Gradient(Ops.ReduceSum(w * w), w);
        }

        w.AssignSub(0.1f * gradient);
        Assert.Equal(new[] { 0.5f - (0.1f * 1f), -1f - (0.1f * -2f) }, w.ToArray());
    }

    [Fact]
    public void ToArray_of_a_variable_is_a_copy()
    {
        var v = new Variable(Tensor.From([1f, 2f]));
        v.ToArray()[0] = 50f;
        Assert.Equal(new[] { 1f, 2f }, v.ToArray());
    }

    [Fact]
    public void Assign_with_another_shape_names_the_variable_and_both_shapes()
    {
        var v = new Variable(Tensor.Zeros(2, 3), name: "kernel");
        var error = Assert.Throws<ArgumentException>(() => v.Assign(Tensor.Zeros(3, 2)));
        Assert.Contains("Assign", error.Message);
        Assert.Contains("'kernel'", error.Message);
        Assert.Contains("(2, 3)", error.Message);
        Assert.Contains("(3, 2)", error.Message);

        // A shape that would broadcast is still not the variable's shape.
        Assert.Throws<ArgumentException>(() => v.Assign(Tensor.Zeros(3)));
        Assert.Equal(new float[6], v.ToArray());
    }

    [Theory]
    [InlineData(new[] { 4 })]
    [InlineData(new[] { 3, 3 })]
    [InlineData(new[] { 2, 2, 3 })]
    [InlineData(new[] { 1, 2, 3 })]
    public void AssignAdd_and_AssignSub_with_a_delta_that_does_not_fit_name_the_variable_and_both_shapes(int[] delta)
    {
        var v = new Variable(Tensor.Ones(2, 3), name: "bias");
        var shown = new Shape(delta).ToString();
        foreach (var (op, update) in new (string, Action<Tensor>)[] { ("AssignAdd", v.AssignAdd), ("AssignSub", v.AssignSub) })
        {
            var error = Assert.Throws<ArgumentException>(() => update(Tensor.Zeros(delta)));
            Assert.Contains(op, error.Message);
            Assert.Contains("'bias'", error.Message);
            Assert.Contains("(2, 3)", error.Message);
            Assert.Contains(shown, error.Message);
        }

        Assert.Equal(Enumerable.Repeat(1f, 6), v.ToArray());
    }
}
