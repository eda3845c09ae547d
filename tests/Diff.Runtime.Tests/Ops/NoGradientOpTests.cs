namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// The ops through which no gradient flows — Sign, the six comparisons and StopGradient — give a tape no path back
/// to their input (null, or zeros when asked for <see cref="UnconnectedGradients.Zero"/>), while a path beside them
/// still counts; and StopGradient's value is its input's.
/// </summary>
public class NoGradientOpTests
{
    private static readonly Dictionary<string, Func<Tensor, Tensor>> Blocking = new()
    {
        ["Sign"] = Ops.Sign,
        ["Greater"] = x => Ops.Greater(x, 0.5f),
        ["GreaterEqual"] = x => Ops.GreaterEqual(x, 0.5f),
        ["Less"] = x => Ops.Less(x, 0.5f),
        ["LessEqual"] = x => Ops.LessEqual(x, 0.5f),
        ["Equal"] = x => Ops.Equal(x, 0.5f),
        ["NotEqual"] = x => Ops.NotEqual(x, 0.5f),
        ["StopGradient"] = Ops.StopGradient,
    };

    public static TheoryData<string> Names => [.. Blocking.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Gives_no_gradient_and_leaves_other_paths_alone(string name)
    {
        var x = Tensor.From([-1.5f, 0f, 0.5f, 2f]);
        using var tape = new GradientTape(persistent: true);
        tape.Watch(x);
        var blocked = Blocking[name](x);
        Assert.Null(tape.Gradient(Ops.ReduceSum(blocked), [x])[0]);
        Assert.Equal(new float[4], tape.Gradient(Ops.ReduceSum(blocked), x, unconnectedGradients: UnconnectedGradients.Zero).ToArray());

        // y = x·op(x): only the x factor carries a gradient, op(x) is a constant weight.
        var gradient = tape.Gradient(Ops.ReduceSum(x * Blocking[name](x)), x);
        Assert.Equal(blocked.ToArray(), gradient.ToArray());
    }

    [Fact]
    public void StopGradient_keeps_the_values_and_shape()
    {
        var x = Tensor.From([1f, -2f, 3f, 4f, 5f, 6f], 2, 3);
        var y = Ops.StopGradient(x);
        Assert.Equal(x.Shape, y.Shape);
        Assert.Equal(x.ToArray(), y.ToArray());
    }
}
