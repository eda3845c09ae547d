using System.Globalization;
using System.Reflection;
using System.Text;
using DiffGen.Generator.Rules;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Rules;

/// <summary>
/// Every rule in the table, at every test point the table lists beside it, in double (Math) and float (MathF):
/// the generated gradient of <c>f(a, b, …)</c> is compared with central finite differences of the primal.
/// The whole table is compiled once, so adding a rule adds its checks with no test to write.
/// </summary>
public class MathRuleTests
{
    private static readonly Lazy<Assembly> Program = new(() => GeneratorHarness.Run(Source()).Load());

    public static TheoryData<string, int, string> Cases()
    {
        var data = new TheoryData<string, int, string>();
        foreach (var rule in MathRules.All.Where(r => r.TestPoints.Length > 0))
        {
            for (var p = 0; p < rule.TestPoints.Length; p++)
            {
                data.Add(rule.Name, rule.Arity, "double:" + p);
                data.Add(rule.Name, rule.Arity, "float:" + p);
            }
        }

        return data;
    }

    [Fact]
    public void Every_rule_has_at_least_three_test_points_unless_it_only_has_integer_or_constant_overloads()
    {
        foreach (var rule in MathRules.All.Where(r => !(r.IsPiecewiseConstant && r.Arity > 1) && r.Name != "Sign"))
        {
            Assert.True(rule.TestPoints.Length >= 3, rule + " has " + rule.TestPoints.Length + " test points");
            Assert.All(rule.TestPoints, p => Assert.Equal(rule.Arity, p.Length));
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_matches_finite_differences(string name, int arity, string precisionAndPoint)
    {
        var rule = MathRules.Find(name, arity)!;
        var isFloat = precisionAndPoint.StartsWith("float", StringComparison.Ordinal);
        var point = rule.TestPoints[int.Parse(precisionAndPoint.Split(':')[1], CultureInfo.InvariantCulture)];
        var type = Program.Value.GetType("RuleProbes")!;
        var method = MethodName(rule, isFloat);
        var primal = type.GetMethod(method)!;
        var grad = type.GetMethod(method + "Grad")!;

        var arguments = point.Select(v => isFloat ? (object)(float)v : v).ToArray();
        var gradArguments = arguments.Concat(point.Select(_ => (object?)null)).ToArray();
        var value = grad.Invoke(null, gradArguments);
        Assert.Equal(primal.Invoke(null, arguments), value);

        for (var i = 0; i < arity; i++)
        {
            var analytic = Convert.ToDouble(gradArguments[arity + i], CultureInfo.InvariantCulture);
            var numeric = CentralDifference(primal, point, i, isFloat);
            var tolerance = isFloat ? 2e-3 : 1e-6;
            Assert.True(
                Math.Abs(analytic - numeric) <= tolerance * Math.Max(1, Math.Abs(numeric)),
                $"{(isFloat ? "MathF" : "Math")}.{name} at ({string.Join(", ", point)}): ∂/∂arg{i} generated {analytic}, finite differences {numeric}");
        }
    }

    private static double CentralDifference(MethodInfo primal, double[] point, int index, bool isFloat)
    {
        double Evaluate(double shift)
        {
            var shifted = point.Select((v, j) => j == index ? v + shift : v).ToArray();
            var arguments = shifted.Select(v => isFloat ? (object)(float)v : v).ToArray();
            return Convert.ToDouble(primal.Invoke(null, arguments), CultureInfo.InvariantCulture);
        }

        var h = (isFloat ? 1e-2 : 1e-6) * Math.Max(1, Math.Abs(point[index]));
        return (Evaluate(h) - Evaluate(-h)) / (2 * h);
    }

    /// <summary>MathF for float, except where only Math has the float overload (Clamp).</summary>
    private static string FloatClass(MathRule rule, bool isFloat)
        => isFloat && typeof(MathF).GetMethods().Any(m => m.Name == rule.Name) ? "MathF" : "Math";

    private static string MethodName(MathRule rule, bool isFloat) => (isFloat ? "F_" : "D_") + rule.Name + rule.Arity;

    private static string Source()
    {
        var text = new StringBuilder("using System;\nusing DiffGen;\npublic static partial class RuleProbes\n{\n");
        foreach (var rule in MathRules.All.Where(r => r.TestPoints.Length > 0))
        {
            foreach (var isFloat in new[] { false, true })
            {
                var type = isFloat ? "float" : "double";
                var parameters = string.Join(", ", Enumerable.Range(0, rule.Arity).Select(i => $"{type} a{i}"));
                var arguments = string.Join(", ", Enumerable.Range(0, rule.Arity).Select(i => "a" + i));
                text.Append($"    [Differentiable] public static {type} {MethodName(rule, isFloat)}({parameters}) => {FloatClass(rule, isFloat)}.{rule.Name}({arguments});\n");
            }
        }

        return text.Append("}\n").ToString();
    }
}
