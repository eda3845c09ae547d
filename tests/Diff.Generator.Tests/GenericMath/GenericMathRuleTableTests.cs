using System.Globalization;
using System.Reflection;
using System.Text;
using DiffGen.Generator.Rules;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.GenericMath;

/// <summary>
/// The rule table is written once for Math, MathF and generic math: for every rule in <see cref="MathRules.All"/>, at
/// every test point beside it, <c>T.Name(…)</c> in a generic method instantiated at double and float gives exactly
/// (bit for bit) the value and the gradient of <c>Math.Name</c>/<c>MathF.Name</c> in a non-generic one (which
/// <c>MathRuleTests</c> holds to finite differences); at Half, the value is the generic primal's bit for bit and the
/// gradient the double one's within Half's precision. Adding a rule adds its checks with no test to write.
/// </summary>
public class GenericMathRuleTableTests
{
    private static readonly Lazy<Assembly> Program = new(() =>
    {
        var run = GeneratorHarness.Run(Source());
        // Floor, Ceiling, Round and Truncate alone have a zero gradient: DG0026's warning, and nothing else.
        Assert.All(run.GeneratorDiagnostics, d => Assert.Equal("DG0026", d.Id));
        Assert.Empty(run.CompilerDiagnostics.Where(d => d.Severity == Microsoft.CodeAnalysis.DiagnosticSeverity.Error));
        return run.Load();
    });

    public static TheoryData<string, int, int> Cases()
    {
        var data = new TheoryData<string, int, int>();
        foreach (var rule in MathRules.All.Where(r => r.TestPoints.Length > 0))
        {
            for (var p = 0; p < rule.TestPoints.Length; p++)
            {
                data.Add(rule.Name, rule.Arity, p);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Generic_rule_is_the_Math_rule_bit_for_bit_at_double_and_float_and_close_at_Half(string name, int arity, int pointIndex)
    {
        var rule = MathRules.Find(name, arity)!;
        var where = $"{name}/{arity} at ({string.Join(", ", rule.TestPoints[pointIndex])})";
        foreach (var type in new[] { typeof(double), typeof(float) })
        {
            var point = rule.TestPoints[pointIndex];
            var generic = Run(Generic(rule, type, "Grad"), rule, point, type);
            var plain = Run(Plain(rule, type == typeof(float), "Grad"), rule, point, type);
            Assert.True(generic.Value.Equals(plain.Value), $"{where} in {type.Name}: generic value {generic.Value}, Math's {plain.Value}");
            Assert.True(generic.Gradient.SequenceEqual(plain.Gradient), $"{where} in {type.Name}: generic gradient [{string.Join(", ", generic.Gradient)}], Math's [{string.Join(", ", plain.Gradient)}]");
        }

        // Half: the same generated method at a third type. Its gradient is compared with the double one at the Half point.
        var halfPoint = rule.TestPoints[pointIndex].Select((v, i) => rule.IntegerArguments.Contains(i) ? v : (double)(Half)v).ToArray();
        var half = Run(Generic(rule, typeof(Half), "Grad"), rule, halfPoint, typeof(Half));
        var primal = Generic(rule, typeof(Half), "").Invoke(null, Arguments(rule, halfPoint, typeof(Half)))!;
        Assert.True(half.Value.Equals(primal), $"{where} in Half: Grad's value {half.Value}, the primal's {primal}");
        var reference = Run(Generic(rule, typeof(double), "Grad"), rule, halfPoint, typeof(double)).Gradient;
        for (var i = 0; i < reference.Length; i++)
        {
            Assert.True(Math.Abs(half.Gradient[i] - reference[i]) <= 1e-2 * Math.Max(1, Math.Abs(reference[i])), $"{where} in Half: ∂/∂arg{i} {half.Gradient[i]}, double {reference[i]}");
        }
    }

    private static (object Value, double[] Gradient) Run(MethodInfo grad, MathRule rule, double[] point, Type type)
    {
        var active = point.Length - rule.IntegerArguments.Length;
        var arguments = Arguments(rule, point, type).Concat(Enumerable.Repeat((object?)null, active)).ToArray();
        var value = grad.Invoke(null, arguments)!;
        return (value, arguments.Skip(point.Length).Select(g => g is Half h ? (double)h : Convert.ToDouble(g, CultureInfo.InvariantCulture)).ToArray());
    }

    private static object[] Arguments(MathRule rule, double[] point, Type type)
        => point.Select((v, i) => rule.IntegerArguments.Contains(i) ? (int)v
            : type == typeof(float) ? (float)v
            : type == typeof(Half) ? (Half)v
            : (object)v).ToArray();

    private static MethodInfo Generic(MathRule rule, Type type, string suffix)
        => Program.Value.GetType("GenericRuleProbes")!.GetMethod("G_" + rule.Name + rule.Arity + suffix)!.MakeGenericMethod(type);

    private static MethodInfo Plain(MathRule rule, bool isFloat, string suffix)
        => Program.Value.GetType("GenericRuleProbes")!.GetMethod((isFloat ? "F_" : "D_") + rule.Name + rule.Arity + suffix)!;

    /// <summary>MathF for float, except where only Math has the float overload (Clamp); double/float for Hypot.</summary>
    private static string PlainClass(MathRule rule, bool isFloat)
        => rule.OnFloatingType ? (isFloat ? "float" : "double")
            : isFloat && typeof(MathF).GetMethods().Any(m => m.Name == rule.Name) ? "MathF" : "Math";

    private static string Source()
    {
        var text = new StringBuilder("using System;\nusing System.Numerics;\nusing DiffGen;\npublic static partial class GenericRuleProbes\n{\n");
        foreach (var rule in MathRules.All.Where(r => r.TestPoints.Length > 0))
        {
            var arguments = string.Join(", ", Enumerable.Range(0, rule.Arity).Select(i => "a" + i));
            string Parameters(string type) => string.Join(", ", Enumerable.Range(0, rule.Arity).Select(i => $"{(rule.IntegerArguments.Contains(i) ? "int" : type)} a{i}"));
            text.Append($"    [Differentiable] public static T G_{rule.Name}{rule.Arity}<T>({Parameters("T")}) where T : IFloatingPointIeee754<T> => T.{rule.Name}({arguments});\n");
            text.Append($"    [Differentiable] public static double D_{rule.Name}{rule.Arity}({Parameters("double")}) => {PlainClass(rule, false)}.{rule.Name}({arguments});\n");
            text.Append($"    [Differentiable] public static float F_{rule.Name}{rule.Arity}({Parameters("float")}) => {PlainClass(rule, true)}.{rule.Name}({arguments});\n");
        }

        return text.Append("}\n").ToString();
    }
}
