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

internal static partial class Lecture
{
    [Differentiable]
    public static double Square(double x) => x * x;
}
