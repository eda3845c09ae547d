using DiffGen;

// Run by tests/Diff.Package.Tests against the just-packed DiffGen package: exit code 0 means every check passed.
var failures = 0;

// 1. The generator in the package's analyzers/dotnet/cs wrote CubicGrad while this project compiled.
foreach (var x in new[] { -2.0, -0.5, 0.0, 1.0, 3.0 })
{
    var value = Functions.CubicGrad(x, out var dydx);
    var expectedValue = x * x * x + 2 * Math.Sin(x);
    var expectedDerivative = 3 * x * x + 2 * Math.Cos(x);
    var ok = Math.Abs(value - expectedValue) <= 1e-12 && Math.Abs(dydx - expectedDerivative) <= 1e-9 * Math.Max(1, Math.Abs(expectedDerivative));
    Console.WriteLine($"{(ok ? "ok  " : "FAIL")} CubicGrad({x}) = {value}, d/dx = {dydx} (analytic {expectedDerivative})");
    failures += ok ? 0 : 1;
}

// 2. A tiny Keras-style fit of y = 2x + 1: the loss goes down.
const int count = 64;
var xs = new float[count];
var ys = new float[count];
for (var i = 0; i < count; i++)
{
    xs[i] = i / 32f - 1f;
    ys[i] = 2 * xs[i] + 1;
}

var model = new Sequential(new Dense(1, kernelInitializer: new GlorotUniform(seed: 7)));
model.Compile(optimizer: "sgd", loss: "mse");
var losses = model.Fit(Tensor.From(xs, count, 1), Tensor.From(ys, count, 1), epochs: 5, batchSize: 16, shuffle: false, verbose: 0, seed: 1)["loss"];
var decreased = losses.Count == 5 && losses[^1] < losses[0];
for (var i = 1; i < losses.Count; i++)
{
    decreased &= losses[i] < losses[i - 1];
}

Console.WriteLine($"{(decreased ? "ok  " : "FAIL")} Fit losses: {string.Join(", ", losses.Select(l => l.ToString("G6")))}");
failures += decreased ? 0 : 1;

Console.WriteLine(failures == 0 ? "PASS" : $"{failures} check(s) failed");
return failures == 0 ? 0 : 1;

internal static partial class Functions
{
    [Differentiable]
    public static double Cubic(double x) => x * x * x + 2 * Math.Sin(x);
}
