using DiffGen.Runtime.Tests.OpTests;
using Xunit.Sdk;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Checks a built layer at one point: its output against a double reference of (input, every weight in
/// <see cref="Layer.Weights"/> order), and the tape's gradient of Σ w·y (random w) with respect to the input and every
/// trainable weight against central differences of that reference in double (<see cref="GradientCheck"/>'s
/// tolerances unless given).
/// </summary>
internal static class LayerCheck
{
    public static void Check(
        string what,
        Layer layer,
        Tensor x,
        Func<Ref[], Ref> reference,
        int seed,
        bool training = false,
        bool inputIsData = false,
        double tolerance = GradientCheck.Tolerance)
    {
        var weights = layer.Weights;
        Ref[] point = [Ref.Of(x), .. weights.Select(v => Ref.Of(v.Peek()))];
        var expected = reference(point);
        var w = Tensor.RandomNormal(new Shape(expected.Shape), seed);

        Tensor? inputGradient;
        Tensor?[] weightGradients;
        var trainable = layer.TrainableVariables;
        using (var tape = new GradientTape(persistent: true))
        {
            tape.Watch(x);
            var y = layer.Call(x, training);
            GradientCheck.AssertForward(what, [x], y, expected);
            var loss = Ops.ReduceSum(y * w);
            inputGradient = tape.Gradient(loss, [x])[0];
            weightGradients = tape.Gradient(loss, trainable);
        }

        var wRef = Ref.Of(w);
        if (inputIsData)
        {
            Assert.Null(inputGradient);
        }
        else
        {
            Compare(what, "the input", inputGradient, GradientCheck.FiniteDifferences(reference, point, wRef, 0), tolerance);
        }

        for (var i = 0; i < trainable.Count; i++)
        {
            var index = 1 + weights.ToList().IndexOf(trainable[i]);
            Compare(what, $"weight '{trainable[i].Name}'", weightGradients[i], GradientCheck.FiniteDifferences(reference, point, wRef, index), tolerance);
        }
    }

    private static void Compare(string what, string of, Tensor? actual, Ref expected, double tolerance)
    {
        if (actual is null)
        {
            throw new XunitException($"{what}: no gradient for {of}; finite differences give {expected}");
        }

        Assert.Equal(expected.Shape, actual.Shape.ToArray());
        var values = actual.ToArray();
        for (var j = 0; j < values.Length; j++)
        {
            var e = expected.Data[j];
            if (!(Math.Abs(values[j] - e) <= tolerance * Math.Max(1, Math.Abs(e))))
            {
                throw new XunitException($"{what}: gradient of {of} at flat index {j} is {values[j]:R}, finite differences give {e:R}\n  all: [{string.Join(", ", values)}]\n  fd:  {expected}");
            }
        }
    }
}
