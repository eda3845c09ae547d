using DiffGen;

// "Implementation of Gradient Descent in Python", slide by slide, in C#.

// Slide 2 — automatic differentiation: y = x², dy/dx at x = 3.
// Here the derivative is not recorded at run time: the DiffGen generator wrote Lecture.SquareGrad while the
// project compiled, from the [Differentiable] method below.
Console.WriteLine("Slide 2: y = x², differentiated at compile time");
var y = Lecture.SquareGrad(3, out var dyDx);
Console.WriteLine($"  y = {y}, dy/dx at x = 3 is {dyDx}");
Console.WriteLine("  To read the generated code, go to the definition of SquareGrad (F12) in your IDE, or open");
Console.WriteLine("  samples/QuickStart/obj/Debug/net10.0/generated/Diff.Generator/DiffGen.Generator.DifferentiableGenerator/Lecture.Diff.g.cs");
Console.WriteLine();

// Slides 3–4 — the same derivative recorded at run time: a GradientTape remembers the operations of the forward pass
// and walks them backwards (TensorFlow's tf.GradientTape, in C#).
Console.WriteLine("Slides 3-4: y = x², recorded on a GradientTape");
var x = new Variable(3f);
using (var tape = new GradientTape())
{
    var squared = Ops.Pow(x, 2f);
    Tensor dyDxTape = tape.Gradient(squared, x);
    Console.WriteLine($"  dy/dx = {dyDxTape}");
}

Console.WriteLine();

// Slide 5 — gradients with respect to a layer's parameters: a Dense(1) layer on 100 normal points of
// y = 2x + 1, loss = mean((y_true − y_pred)²), differentiated with respect to its kernel and bias.
Console.WriteLine("Slide 5: gradient of a Dense layer's MSE loss with respect to its trainable variables");
var (xsLecture, ysLecture) = Lecture.LinearData(count: 100, seed: 42);
var x100 = Tensor.From(xsLecture, 100, 1);
var yTrue = Tensor.From(ysLecture, 100, 1);
var layer = new Dense(1, activation: "linear");
using (var tape = new GradientTape())
{
    var yPred = layer.Call(x100);
    var mse = Ops.ReduceMean(Ops.Square(yTrue - yPred));
    var grad = tape.Gradient(mse, layer.TrainableVariables);
    Console.WriteLine($"  d loss/d kernel = {grad[0]}");
    Console.WriteLine($"  d loss/d bias   = {grad[1]}");
    var (dKernel, dBias) = Lecture.LinearLayerGradients(xsLecture, ysLecture, layer.Kernel!.ToArray()[0], layer.Bias!.ToArray()[0]);
    Console.WriteLine($"  closed form: -2·mean((y - ŷ)·x) = {dKernel:F6}, -2·mean(y - ŷ) = {dBias:F6}");
}

Console.WriteLine();

// Slides 6–7 — gradient descent with the tape fits the linear model; the closed-form least-squares solution checks it.
Console.WriteLine("Slides 6-7: gradient descent on y = 2x + 1 (100 normal points, a little noise), gradients from the tape");
var (wExact, bExact) = Lecture.LeastSquares(xsLecture, ysLecture);
const float learningRate = 0.01f;
for (var step = 0; step < 1000; step++)
{
    using var tape = new GradientTape();
    var yPred = layer.Call(x100);
    var loss = Ops.ReduceMean(Ops.Square(yTrue - yPred));
    var grad = tape.Gradient(loss, layer.TrainableVariables);
    for (var i = 0; i < 2; i++)
    {
        layer.TrainableVariables[i].AssignSub(learningRate * grad[i]!);
    }

    if (step % 200 == 0)
    {
        Console.WriteLine($"  step {step,4}: loss {loss.Item:F6}");
    }
}

var (wTape, bTape) = (layer.Kernel!.ToArray()[0], layer.Bias!.ToArray()[0]);
Console.WriteLine($"  gradient descent: w = {wTape:F6}, b = {bTape:F6}");
Console.WriteLine($"  closed form:      w = {wExact:F6}, b = {bExact:F6}");
Console.WriteLine($"  they agree to 1e-3: {Math.Abs(wTape - wExact) < 1e-3 && Math.Abs(bTape - bExact) < 1e-3}");
Console.WriteLine();

// The same fit with the gradient generated at compile time: the loss is ordinary C# over arrays, and LossGrad
// (written by the DiffGen generator) returns it and its gradient with respect to w and b — no tape at run time.
Console.WriteLine("Slides 6-7 again, gradient generated at compile time from [Differentiable] Lecture.Loss");
double w = 0, b = 0;
for (var step = 0; step < 1000; step++)
{
    var loss = Lecture.LossGrad(w, b, xsLecture, ysLecture, out var dw, out var db);
    w -= learningRate * dw;
    b -= learningRate * db;
    if (step % 200 == 0)
    {
        Console.WriteLine($"  step {step,4}: loss {loss:F6}");
    }
}

Console.WriteLine($"  gradient descent: w = {w:F6}, b = {b:F6}");
Console.WriteLine($"  closed form:      w = {wExact:F6}, b = {bExact:F6}");
Console.WriteLine($"  largest difference {Math.Max(Math.Abs(w - wExact), Math.Abs(b - bExact)):E2} (they agree to 1e-3: {Math.Abs(w - wExact) < 1e-3 && Math.Abs(b - bExact) < 1e-3})");
Console.WriteLine();

// Slide 8 — the Keras API: stack Dense layers in a Sequential, compile with an optimizer and a loss, fit.
Console.WriteLine("Slide 8: Keras — Sequential(Dense(10, relu), Dense(10)), compile(optimizer: \"sgd\", loss: \"mse\"), fit for 1000 epochs");
var model = new Sequential(new Dense(10, activation: "relu"), new Dense(10));
model.Compile(optimizer: "sgd", loss: "mse");
var history = model.Fit(x100, yTrue, epochs: 1000, verbose: 0);
model.Summary();
foreach (var epoch in new[] { 0, 9, 99, 499, 999 })
{
    Console.WriteLine($"  epoch {epoch + 1,4}: loss {history["loss"][epoch]:F6}");
}

Console.WriteLine("  (verbose: 1 prints Keras' progress bar for every epoch; here it is off to keep the output short)");

internal static partial class Lecture
{
    [Differentiable]
    public static double Square(double x) => x * x;

    /// <summary>Mean squared error of the line w·x + b on the data.</summary>
    [Differentiable]
    public static double Loss(double w, double b, [NoDerivative] double[] xs, [NoDerivative] double[] ys)
    {
        double sum = 0;
        for (int i = 0; i < xs.Length; i++)
        {
            var error = ys[i] - (w * xs[i] + b);
            sum += error * error;
        }

        return sum / xs.Length;
    }

    /// <summary>The lecture's closed form of a linear layer's loss gradients at (w, b), in double precision.</summary>
    public static (double DKernel, double DBias) LinearLayerGradients(double[] xs, double[] ys, double w, double b)
    {
        double dKernel = 0, dBias = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            // The tape saw float32 data.
            double xi = (float)xs[i], yi = (float)ys[i];
            var residual = yi - ((w * xi) + b);
            dKernel += -2 * residual * xi / xs.Length;
            dBias += -2 * residual / xs.Length;
        }

        return (dKernel, dBias);
    }

    /// <summary>x ~ N(0, 1) and y = 2x + 1 + N(0, 0.1²), reproducibly.</summary>
    public static (double[] Xs, double[] Ys) LinearData(int count, int seed)
    {
        var random = new Random(seed);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        var xs = new double[count];
        var ys = new double[count];
        for (var i = 0; i < count; i++)
        {
            xs[i] = Normal();
            ys[i] = (2 * xs[i]) + 1 + (0.1 * Normal());
        }

        return (xs, ys);
    }

    /// <summary>The least-squares line, from the normal equations.</summary>
    public static (double W, double B) LeastSquares(double[] xs, double[] ys)
    {
        double meanX = xs.Average(), meanY = ys.Average(), sxy = 0, sxx = 0;
        for (var i = 0; i < xs.Length; i++)
        {
            sxy += (xs[i] - meanX) * (ys[i] - meanY);
            sxx += (xs[i] - meanX) * (xs[i] - meanX);
        }

        var w = sxy / sxx;
        return (w, meanY - (w * meanX));
    }
}
