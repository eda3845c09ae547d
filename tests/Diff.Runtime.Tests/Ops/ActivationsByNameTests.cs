namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>
/// Every name <see cref="Activations.Get"/> knows gives Keras' function: its value and gradient on a batch against a
/// double reference written from Keras' definition (<c>leaky_relu</c>'s slope 0.2, <c>gelu</c> exact, softmaxes along
/// the last axis). A new name without a reference here fails <see cref="Every_known_name_has_a_reference"/>.
/// </summary>
public class ActivationsByNameTests
{
    private static readonly Dictionary<string, Func<Ref, Ref>> References = new()
    {
        ["linear"] = x => x,
        ["relu"] = x => Reference.Map(x, v => Math.Max(v, 0)),
        ["sigmoid"] = x => Reference.Map(x, Reference.Sigmoid),
        ["tanh"] = x => Reference.Map(x, Math.Tanh),
        ["softmax"] = x => Reference.Softmax(x, -1),
        ["log_softmax"] = x => Reference.Softmax(x, -1, log: true),
        ["gelu"] = x => Reference.Map(x, v => v * ErfReference.NormalCdf(v)),
        ["elu"] = x => Reference.Map(x, v => v > 0 ? v : Math.Exp(v) - 1),
        ["leaky_relu"] = x => Reference.Map(x, v => v > 0 ? v : 0.2 * v),
        ["softplus"] = x => Reference.Map(x, v => Math.Log(1 + Math.Exp(v))),
        ["swish"] = x => Reference.Map(x, v => v * Reference.Sigmoid(v)),
        ["silu"] = x => Reference.Map(x, v => v * Reference.Sigmoid(v)),
        ["exponential"] = x => Reference.Map(x, Math.Exp),
    };

    public static TheoryData<string> Names => [.. References.Keys];

    [Fact]
    public void Every_known_name_has_a_reference() =>
        Assert.Equal(Activations.Names.Order(StringComparer.Ordinal), References.Keys.Order(StringComparer.Ordinal));

    [Theory]
    [MemberData(nameof(Names))]
    public void Value_and_gradient_match_kerases_definition(string name)
    {
        // Away from the kinks at 0 (relu, elu, leaky_relu) by more than a finite-difference step.
        var x = Rand.AwayFromZero(new Random(name.Length), [3, 4], 0.05, 3);
        var activation = Activations.Get(name);
        GradientCheck.Check(name, t => activation(t[0]), r => References[name](r[0]), [x], name.Length);
    }

    [Fact]
    public void Names_are_case_insensitive_and_null_is_linear()
    {
        var x = Tensor.From([-1.5f, 2f]);
        Assert.Equal(Activations.Get("gelu")(x).ToArray(), Activations.Get("GELU")(x).ToArray());
        Assert.Equal(x.ToArray(), Activations.Get(null)(x).ToArray());
        Assert.Equal(x.ToArray(), Activations.Get("")(x).ToArray());
    }

    [Fact]
    public void A_null_or_empty_name_converts_to_linear_as_Get_says()
    {
        // Keras' activation=None; a string variable holding null must not throw where Get(null) is linear.
        string? none = null;
        ActivationFunction fromNull = none!, fromEmpty = string.Empty;
        Assert.Equal("linear", fromNull.Name);
        Assert.Equal("linear", fromEmpty.Name);
        var x = Tensor.From([-1.5f, 2f]);
        Assert.Equal(x.ToArray(), fromNull.Function(x).ToArray());
    }
}
