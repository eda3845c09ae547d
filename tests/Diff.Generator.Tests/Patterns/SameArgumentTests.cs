using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// <c>Math.Max(x, x)</c> and <c>Math.Min(x, x)</c>: a tie everywhere, whose derivative goes to the first argument
/// (DESIGN.md's convention), so the gradient is 1·x' — and the generated code compares nothing with itself (C# warns
/// on <c>x &gt;= x</c>, CS1718, an error under TreatWarningsAsErrors).
/// </summary>
public class SameArgumentTests
{
    [Fact]
    public void Max_and_Min_of_a_value_with_itself_differentiate_without_a_warning()
    {
        const string source = "using System; using DiffGen;\npublic static partial class C\n{\n    [Differentiable(Modes = DiffModes.All)] public static double F(double x, double y) => Math.Max(x, x) * y + Math.Min(y * y, y * y) + Math.Max(x, y);\n}\n";
        var run = GeneratorHarness.Run(source);
        Assert.Empty(run.GeneratorDiagnostics);
        Assert.DoesNotContain(run.CompilerDiagnostics, d => d.Id == "CS1718");
        var type = run.Load().GetType("C")!;
        foreach (var (x, y) in new[] { (1.5, 0.5), (-0.7, 2.0), (0.3, 0.3 + 1e-3) })
        {
            var arguments = new object?[] { x, y, null, null };
            type.GetMethod("FGrad")!.Invoke(null, arguments);
            // ∂/∂x = y + [x ≥ y], ∂/∂y = x + 2y + [y > x]
            Assert.Equal(y + (x >= y ? 1 : 0), (double)arguments[2]!, 12);
            Assert.Equal(x + 2 * y + (x >= y ? 0 : 1), (double)arguments[3]!, 12);
        }
    }
}
