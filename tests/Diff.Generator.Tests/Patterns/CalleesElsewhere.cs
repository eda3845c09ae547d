namespace DiffGen.Generator.Tests.Patterns.Elsewhere;

/// <summary>Callees in another namespace (called qualified and through <c>using static</c>) and in partial
/// structs, records and interfaces; used by <see cref="CallTests"/>.</summary>
public static partial class ElsewhereMath
{
    /// <summary>A callee with an optional parameter.</summary>
    [Differentiable]
    public static double Twice(double x, double factor = 2.0) => x * factor + Math.Sin(factor);
}

public partial struct StructHost
{
    [Differentiable]
    public static double Cosine(double x) => Math.Cos(x) * x;
}

public partial record RecordHost
{
    [Differentiable]
    public static double Shifted(double x, double y) => (x - y) * (x + 2 * y);
}

public partial interface IInterfaceHost
{
    [Differentiable]
    public static double Quartic(double x) => x * x * x * x;
}

public partial class GenericHost<T>
{
    [Differentiable]
    public static double Cubic(double x) => x * x * x + 2 * x;
}
