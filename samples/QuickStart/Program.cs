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

// Slide 5 — gradients with respect to a layer's parameters: a linear layer y = x·W + b (W is 1×1, b has one
// element) on 100 points of y = 2x + 1, loss = mean((y_true − y_pred)²).
Console.WriteLine("Slide 5: gradient of a linear layer's MSE loss with respect to its kernel and bias");
var (xsTape, _) = Lecture.LinearData(count: 100, seed: 5);
var inputs = Tensor.From(xsTape, 100, 1);
var yTrue = (2f * inputs) + 1f;
var kernel = new Variable(Tensor.From([0.5f], 1, 1), "kernel");
var bias = new Variable(Tensor.Zeros(1), "bias");
using (var tape = new GradientTape())
{
    var yPred = Ops.MatMul(inputs, kernel) + bias;
    var mse = Ops.ReduceMean(Ops.Square(yTrue - yPred));
    var grads = tape.Gradient(mse, [kernel, bias]);
    Console.WriteLine($"  loss = {mse.Item:F6}");
    Console.WriteLine($"  d loss/d kernel = {grads[0]}");
    Console.WriteLine($"  d loss/d bias   = {grads[1]}");
    var (dKernel, dBias) = LinearLayerGradients(xsTape, w: 0.5, b: 0);
    Console.WriteLine($"  closed form: -2·mean((y - ŷ)·x) = {dKernel:F6}, -2·mean(y - ŷ) = {dBias:F6}");
}

// The lecture's closed form of the same two gradients, in double precision.
static (double DKernel, double DBias) LinearLayerGradients(double[] xs, double w, double b)
{
    double dKernel = 0, dBias = 0;
    foreach (var value in xs)
    {
        var xi = (double)(float)value;   // the tape saw float32 inputs
        var residual = (2 * xi) + 1 - ((w * xi) + b);
        dKernel += -2 * residual * xi / xs.Length;
        dBias += -2 * residual / xs.Length;
    }

    return (dKernel, dBias);
}

Console.WriteLine();

// Slides 6–7 — gradient descent fits a linear model, checked against the closed-form least-squares solution.
// The loss is ordinary C# over arrays; LossGrad (generated) returns it and its gradient with respect to w and b.
Console.WriteLine("Slides 6-7: gradient descent on y = 2x + 1 (100 normal points, a little noise), gradient generated at compile time");
var (xs, ys) = Lecture.LinearData(count: 100, seed: 42);
double w = 0, b = 0;
const double learningRate = 0.01;
for (var step = 0; step < 1000; step++)
{
    var loss = Lecture.LossGrad(w, b, xs, ys, out var dw, out var db);
    w -= learningRate * dw;
    b -= learningRate * db;
    if (step % 200 == 0)
    {
        Console.WriteLine($"  step {step,4}: loss {loss:F6}");
    }
}

var (wExact, bExact) = Lecture.LeastSquares(xs, ys);
Console.WriteLine($"  gradient descent: w = {w:F6}, b = {b:F6}");
Console.WriteLine($"  closed form:      w = {wExact:F6}, b = {bExact:F6}");
Console.WriteLine($"  largest difference {Math.Max(Math.Abs(w - wExact), Math.Abs(b - bExact)):E2} (they agree to 1e-3: {Math.Abs(w - wExact) < 1e-3 && Math.Abs(b - bExact) < 1e-3})");

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
