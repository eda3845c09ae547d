using System.Globalization;
using System.Reflection;

namespace DiffGen.Generator.Tests.Infrastructure;

/// <summary>
/// Runs a generated <c>{M}Grad</c> and <c>{M}Pullback</c> at one point: Grad returns exactly what M returns, its
/// gradient matches extrapolated central differences of M (<see cref="Richardson"/>), and Pullback adds
/// seed·gradient to buffers that already hold something. Parameters may be double, float, int, bool and arrays
/// (active or passive); methods over spans are reached through wrappers over arrays, as reflection cannot pass spans.
/// </summary>
public static class GeneratedBehaviour
{
    private const BindingFlags Static = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static;

    private const double Seed = 1.75;

    public static void Check(Assembly program, string typeName, string method, params object[] point)
    {
        var type = program.GetType(typeName) ?? throw new ArgumentException($"no type {typeName}");
        var primal = type.GetMethod(method, Static)!;
        var grad = type.GetMethod(method + "Grad", Static)!;
        var pullback = type.GetMethod(method + "Pullback", Static)!;
        var parameters = primal.GetParameters();
        var isFloat = primal.ReturnType == typeof(float);
        var epsilon = isFloat ? Math.Pow(2, -23) : Math.Pow(2, -52);
        var where = $"{typeName}.{method}({string.Join(", ", point.Select(Format))})";

        // The gradient outputs follow the parameters, one per active parameter, named d{name}.
        var outputs = grad.GetParameters().Skip(parameters.Length).ToArray();
        var active = outputs.Select(o => Array.FindIndex(parameters, p => "d" + p.Name == o.Name)).ToArray();
        Assert.DoesNotContain(-1, active);

        var value = Invoke(primal, Copy(point));
        var gradArguments = Copy(point).Concat(active.Select(k => point[k] is Array a ? Array.CreateInstance(a.GetType().GetElementType()!, a.Length) : null)).ToArray();
        var gradValue = Invoke(grad, gradArguments);
        Assert.True(BitConverter.DoubleToInt64Bits(gradValue) == BitConverter.DoubleToInt64Bits(value), $"{where}: Grad returned {gradValue:R}, the primal {value:R}");
        for (var k = 0; k < point.Length; k++)
        {
            Assert.True(point[k] is not Array input || Elements(input).SequenceEqual(Elements(gradArguments[k]!)), $"{where}: Grad wrote its input {parameters[k].Name}");
        }

        var pullbackArguments = Copy(point).Append(isFloat ? (object)(float)Seed : Seed)
            .Concat(active.Select(k => point[k] switch
            {
                double[] a => Enumerable.Repeat(0.5, a.Length).ToArray(),
                float[] a => Enumerable.Repeat(0.5f, a.Length).ToArray(),
                double => 0.25,
                _ => (object)0.25f,
            })).ToArray();
        Assert.True(BitConverter.DoubleToInt64Bits(Invoke(pullback, pullbackArguments)) == BitConverter.DoubleToInt64Bits(value), $"{where}: Pullback's value is not the primal's");

        for (var g = 0; g < active.Length; g++)
        {
            var k = active[g];
            var gradients = Elements(gradArguments[point.Length + g]!);
            var pulled = Elements(pullbackArguments[point.Length + 1 + g]!);
            for (var e = 0; e < gradients.Length; e++)
            {
                var name = point[k] is Array ? $"{parameters[k].Name}[{e}]" : parameters[k].Name;
                var x = point[k] is Array array ? Convert.ToDouble(array.GetValue(e), CultureInfo.InvariantCulture) : Convert.ToDouble(point[k], CultureInfo.InvariantCulture);
                var h = isFloat ? Richardson.FloatStep : Richardson.DoubleStep * Math.Max(1, Math.Abs(x));
                var index = e;
                var numeric = Richardson.Derivative(shifted => Invoke(primal, With(point, k, index, shifted)), x, h);
                var tolerance = Richardson.Tolerance(value, numeric, h, epsilon);
                Assert.True(
                    Math.Abs(gradients[e] - numeric) <= tolerance,
                    $"{where}: ∂/∂{name} generated {gradients[e]:R}, extrapolated central differences {numeric:R} (allowed {tolerance:E2})");

                // The pullback carries the seed through every adjoint operation, so it rounds differently from
                // seed × Grad's result: a few ε per operation of these short programs.
                var expected = (point[k] is Array ? 0.5 : 0.25) + (Seed * gradients[e]);
                Assert.True(
                    Math.Abs(pulled[e] - expected) <= 16 * epsilon * Math.Max(1, Math.Abs(expected)),
                    $"{where}: Pullback with seed {Seed} into pre-filled d{name} gave {pulled[e]:R}, expected pre-fill + seed·gradient = {expected:R}");
            }
        }
    }

    private static object[] Copy(object[] point) => point.Select(v => v is Array a ? a.Clone() : v).ToArray();

    /// <summary>The point with coordinate <paramref name="k"/> (element <paramref name="e"/> of an array) set to x, in its own type.</summary>
    private static object?[] With(object[] point, int k, int e, double x)
    {
        var copy = Copy(point);
        switch (copy[k])
        {
            case double[] a: a[e] = x; break;
            case float[] a: a[e] = (float)x; break;
            case float: copy[k] = (float)x; break;
            default: copy[k] = x; break;
        }

        return copy;
    }

    private static double[] Elements(object value) => value switch
    {
        double[] a => a,
        float[] a => a.Select(v => (double)v).ToArray(),
        _ => new[] { Convert.ToDouble(value, CultureInfo.InvariantCulture) },
    };

    private static double Invoke(MethodInfo method, object?[] arguments) => Convert.ToDouble(method.Invoke(null, arguments), CultureInfo.InvariantCulture);

    private static string Format(object value) => value switch
    {
        double[] a => "[" + string.Join(", ", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]",
        float[] a => "[" + string.Join(", ", a.Select(v => v.ToString("R", CultureInfo.InvariantCulture))) + "]",
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
