using System.Globalization;
using System.Reflection;
using System.Text;
using DiffGen.Generator.Rules;
using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Rules;

/// <summary>
/// Every rule in the table, at every test point the table lists beside it, in double (Math) and float (MathF):
/// the generated gradient of <c>f(a, b, …)</c> in double is compared with central finite differences of the primal,
/// and in float with the double one at the same point, to within a few float roundings.
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

    /// <summary>
    /// The float rules' error allowance, in float epsilons (ε = 2⁻²³) of max(1, |derivative|). A rule's float
    /// derivative is at most about six float operations (each rounding by ½ ε, a MathF function by under 1 ulp) on
    /// the exact float inputs and the float value, so its worst case is about 4 ε; at the test points no step
    /// amplifies an input error by more than about 2 (Asin/Acos at 0.9 and Tanh at 2 cancel in 1 − x², 1 − t², which
    /// costs absolute, not relative, accuracy: hence max(1, |d|)). Worst observed: 1.0 ε (Log(a, b)'s ∂/∂b at
    /// (7, 0.3)). 8 ε = 9.5e-7 rejects a float rule off by 1e-4 relative (a truncated float constant) 100 times over.
    /// </summary>
    private const double FloatEpsilons = 8;

    [Theory]
    [MemberData(nameof(Cases))]
    public void Rule_matches_finite_differences_in_double_and_the_double_rule_in_float(string name, int arity, string precisionAndPoint)
    {
        var rule = MathRules.Find(name, arity)!;
        var isFloat = precisionAndPoint.StartsWith("float", StringComparison.Ordinal);
        var point = rule.TestPoints[int.Parse(precisionAndPoint.Split(':')[1], CultureInfo.InvariantCulture)];
        if (isFloat)
        {
            // The point the float method sees, exactly, so the double reference below is taken at the same point.
            point = point.Select(v => (double)(float)v).ToArray();
        }

        var (value, gradient) = Gradient(rule, isFloat, point);
        Assert.Equal(Primal(rule, isFloat, point), value);

        // The float rule against the double rule at the same point (the double rule is held to finite differences
        // by this test's double cases): finite differences in float could not see an error below about 1e-4.
        var reference = isFloat ? Gradient(rule, isFloat: false, point).Gradient : null;
        foreach (var i in Enumerable.Range(0, arity).Where(i => !rule.IntegerArguments.Contains(i)))
        {
            var (expected, tolerance, against) = reference is null
                ? (CentralDifference(rule, point, i), 1e-6, "finite differences")
                : (reference[i], FloatEpsilons / (1 << 23), "the double rule");
            var error = Math.Abs(gradient[ActiveIndex(rule, i)] - expected) / Math.Max(1, Math.Abs(expected));
            Assert.True(
                error <= tolerance,
                $"{(isFloat ? "MathF" : "Math")}.{name} at ({string.Join(", ", point)}): ∂/∂arg{i} generated {gradient[ActiveIndex(rule, i)]:R}, {against} {expected:R} (relative error {error:E2}, allowed {tolerance:E2})");
        }
    }

    private static object Primal(MathRule rule, bool isFloat, double[] point)
        => Method(rule, isFloat, "").Invoke(null, Arguments(rule, point, isFloat))!;

    private static (object Value, double[] Gradient) Gradient(MathRule rule, bool isFloat, double[] point)
    {
        var active = point.Length - rule.IntegerArguments.Length;
        var arguments = Arguments(rule, point, isFloat).Concat(Enumerable.Repeat((object?)null, active)).ToArray();
        var value = Method(rule, isFloat, "Grad").Invoke(null, arguments)!;
        return (value, arguments.Skip(point.Length).Select(g => Convert.ToDouble(g, CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>Argument i's position among the gradient outputs (integer arguments have none).</summary>
    private static int ActiveIndex(MathRule rule, int i) => i - rule.IntegerArguments.Count(k => k < i);

    private static MethodInfo Method(MathRule rule, bool isFloat, string suffix)
        => Program.Value.GetType("RuleProbes")!.GetMethod(MethodName(rule, isFloat) + suffix)!;

    private static object[] Arguments(MathRule rule, double[] point, bool isFloat)
        => point.Select((v, i) => rule.IntegerArguments.Contains(i) ? (int)v : isFloat ? (object)(float)v : v).ToArray();

    private static double CentralDifference(MathRule rule, double[] point, int index)
    {
        double Evaluate(double shift)
            => (double)Primal(rule, isFloat: false, point.Select((v, j) => j == index ? v + shift : v).ToArray());

        var h = 1e-6 * Math.Max(1, Math.Abs(point[index]));
        return (Evaluate(h) - Evaluate(-h)) / (2 * h);
    }

    /// <summary>MathF for float, except where only Math has the float overload (Clamp).</summary>
    private static string FloatClass(MathRule rule, bool isFloat)
        => rule.OnFloatingType ? (isFloat ? "float" : "double")
            : isFloat && typeof(MathF).GetMethods().Any(m => m.Name == rule.Name) ? "MathF" : "Math";

    private static string MethodName(MathRule rule, bool isFloat) => (isFloat ? "F_" : "D_") + rule.Name + rule.Arity;

    private static string Source()
    {
        var text = new StringBuilder("using System;\nusing DiffGen;\npublic static partial class RuleProbes\n{\n");
        foreach (var rule in MathRules.All.Where(r => r.TestPoints.Length > 0))
        {
            foreach (var isFloat in new[] { false, true })
            {
                var type = isFloat ? "float" : "double";
                var parameters = string.Join(", ", Enumerable.Range(0, rule.Arity).Select(i => $"{(rule.IntegerArguments.Contains(i) ? "int" : type)} a{i}"));
                var arguments = string.Join(", ", Enumerable.Range(0, rule.Arity).Select(i => "a" + i));
                text.Append($"    [Differentiable] public static {type} {MethodName(rule, isFloat)}({parameters}) => {FloatClass(rule, isFloat)}.{rule.Name}({arguments});\n");
            }
        }

        return text.Append("}\n").ToString();
    }
}
