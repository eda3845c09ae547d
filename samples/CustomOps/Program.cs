using CustomOps;
using DiffGen;

// A custom activation, a custom loss and a custom layer, each a few lines of [Differentiable] C# (CustomOps.cs),
// trained with Fit. No gradient is written by hand: the DiffGen generator wrote each one's backward at compile time.

// Data: y = sin(2·x₀)·cos(x₁) on [-2, 2]², with a few wild outliers that a squared loss would chase.
const int Count = 512;
var random = new Random(1);
var xs = new float[Count * 2];
var ys = new float[Count];
for (var i = 0; i < Count; i++)
{
    xs[2 * i] = (float)((random.NextDouble() * 4) - 2);
    xs[(2 * i) + 1] = (float)((random.NextDouble() * 4) - 2);
    ys[i] = MathF.Sin(2 * xs[2 * i]) * MathF.Cos(xs[(2 * i) + 1]);
    if (i % 50 == 0)
    {
        ys[i] += 8f; // an outlier
    }
}

var x = Tensor.From(xs, Count, 2);
var y = Tensor.From(ys, Count, 1);

RandomSeed.Set(3);
var model = new Sequential(
    new RadialBasis(24),                                          // the custom layer
    new Dense(16, activation: MyActivations.SwishActivation),     // the custom activation
    new Dense(1));
model.Compile(optimizer: "adam", loss: MyLosses.SmoothL1Loss);    // the custom loss
var history = model.Fit(x, y, epochs: 150, batchSize: 32, seed: 5, verbose: 0);
model.Summary();
Console.WriteLine($"smooth L1 loss: epoch 1 {history["loss"][0]:F4} → epoch {history["loss"].Count} {history["loss"][^1]:F4}");

var probe = Tensor.From([0.7f, 0.3f, -1.2f, 1.5f], 2, 2);
var predicted = model.Predict(probe).ToArray();
Console.WriteLine($"f(0.7, 0.3) = {MathF.Sin(1.4f) * MathF.Cos(0.3f):F3}, predicted {predicted[0]:F3}");
Console.WriteLine($"f(-1.2, 1.5) = {MathF.Sin(-2.4f) * MathF.Cos(1.5f):F3}, predicted {predicted[1]:F3}");

// Save and load: the file names the custom pieces; Load gets them back by those names (Keras' custom_objects).
var path = Path.Combine(Path.GetTempPath(), $"customops-{Environment.ProcessId}.dgmodel");
model.Save(path);
var loaded = Model.Load(
    path,
    customActivations: new Dictionary<string, Func<Tensor, Tensor>> { [MyActivations.SwishActivation.Name] = MyActivations.SwishActivation.Function },
    customLayers: new Dictionary<string, Func<System.Text.Json.Nodes.JsonObject, Layer>> { [nameof(RadialBasis)] = config => new RadialBasis((int)config["units"]!, (string?)config["name"]) },
    customLosses: new Dictionary<string, Loss> { [MyLosses.SmoothL1Loss.Name] = MyLosses.SmoothL1Loss });
File.Delete(path);
Console.WriteLine($"saved and loaded: the predictions are {(loaded.Predict(probe).ToArray().SequenceEqual(predicted) ? "identical" : "DIFFERENT")}");
Console.WriteLine();

// Where the backward code is: each [Differentiable] method's pullback (*.Diff.g.cs) and the tape op that calls it
// (*.TapeOps.g.cs), written next to the build output because the project sets EmitCompilerGeneratedFiles.
var generated = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "obj");
Console.WriteLine("The generated backward code (also reachable with Go to Definition on SwishOp, SmoothL1Loss, UnitOp):");
foreach (var name in new[] { "MyActivations", "MyLosses", "RadialBasis" })
{
    foreach (var kind in new[] { "Diff", "TapeOps" })
    {
        var file = $"CustomOps.{name}.{kind}.g.cs";
        var found = Directory.Exists(generated) ? Directory.EnumerateFiles(generated, file, SearchOption.AllDirectories).FirstOrDefault() : null;
        Console.WriteLine("  " + (found is null ? $"samples/CustomOps/obj/<configuration>/net10.0/generated/Diff.Generator/DiffGen.Generator.DifferentiableGenerator/{file}" : Path.GetRelativePath(Environment.CurrentDirectory, Path.GetFullPath(found))));
    }
}
