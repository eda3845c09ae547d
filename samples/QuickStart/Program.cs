using DiffGen;

// Slide 2 of the lecture, "automatic differentiation and gradient", done at compile time:
// the generator writes SquareGrad from Square while the project builds.
Console.WriteLine("Slide 2 — y = x², differentiated at compile time");
var y = Lecture.SquareGrad(3, out var dyDx);
Console.WriteLine($"  y = {y}, dy/dx at x = 3 is {dyDx}");
Console.WriteLine("  The generated code: obj/Debug/net10.0/generated/Diff.Generator/DiffGen.Generator.DifferentiableGenerator/Lecture.Diff.g.cs");
Console.WriteLine("  (or press F12 on SquareGrad in your IDE).");

Console.WriteLine(Demo.F(0.7, 1.3));
Console.WriteLine(Demo.FGrad(0.7, 1.3, out var da, out var db) + " " + da + " " + db);

static partial class Lecture
{
    [Differentiable]
    public static double Square(double x) => x * x;
}

static partial class Demo
{
    [Differentiable]
    public static double F(double a, double b)
    {
        var y = Math.Sin(a * b) + Math.Exp(a) / b;
        if (y > 1)
        {
            return y * y;
        }

        y -= Math.Max(a, b);
        return a > 0 ? Math.Log(y * y + 1) : y;
    }
}
