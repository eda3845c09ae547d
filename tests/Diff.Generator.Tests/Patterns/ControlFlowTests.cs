using DiffGen.Generator.Tests.Infrastructure;

namespace DiffGen.Generator.Tests.Patterns;

/// <summary>
/// Branches: if/else (nested), ?: (nested), early returns (also inside nested ifs, and code after an if that returns
/// on some paths only), comparisons and &amp;&amp; || ! in conditions, bool/int parameters and [NoDerivative]
/// parameters. The points are chosen so that every path is taken and none is near a branch boundary.
/// </summary>
public partial class ControlFlowTests
{
    // ---- the patterns -------------------------------------------------------------------------------------------

    [Differentiable]
    public static double IfElse(double x, double y)
    {
        double r;
        if (x > y)
        {
            r = x * y;
        }
        else
        {
            r = x + y;
        }

        return r * r;
    }

    [Differentiable]
    public static double IfWithoutElse(double x, double y)
    {
        var r = x * 2.0;
        if (y < x)
            r = r * y;
        return r + y;
    }

    [Differentiable]
    public static double NestedIf(double x, double y)
    {
        var r = x;
        if (x > 0)
        {
            if (y > 0)
            {
                r = x * y;
            }
            else
            {
                r = x - y;
            }
        }
        else
        {
            if (y > x)
            {
                r = Math.Sin(x) * y;
            }
            else
            {
                r = y * y;
            }
        }

        return r + x;
    }

    [Differentiable]
    public static double ElseIfChain(double x)
    {
        double r;
        if (x < -1)
            r = -x;
        else if (x < 1)
            r = x * x;
        else if (x < 2)
            r = 2 * x - 1;
        else
            r = Math.Exp(x - 2) + 2;
        return r;
    }

    [Differentiable]
    public static double NestedConditional(double x, double y)
        => x > 0 ? (y > 0 ? x * y : x - y) : (y > x ? Math.Exp(x) * y : y * y);

    [Differentiable]
    public static double ConditionalInsideArithmetic(double x, double y)
    {
        var a = (x > y ? x : y) * 3.0 + (x < 0 ? -x : x);
        return a * (y > 1 ? y : 1.0);
    }

    [Differentiable]
    public static double EarlyReturn(double x)
    {
        if (x < 0)
        {
            return -x * x;
        }

        var t = x * 3;
        return t * x;
    }

    [Differentiable]
    public static double ReturnInNestedIf(double x, double y)
    {
        if (x > 0)
        {
            if (y > 0)
            {
                return x * y;
            }

            y = y * x;
        }
        else if (y > 1)
        {
            return x + y * y;
        }

        return x - y;
    }

    [Differentiable]
    public static double CodeAfterPartialReturn(double x, double y)
    {
        var a = x * y;
        if (a > 1)
        {
            a = a * a;
            if (y > 2)
            {
                return a;
            }

            a = a + x;
        }
        else
        {
            a = a - y;
        }

        var b = a * x;
        return b + y;
    }

    [Differentiable]
    public static double ReturnsInBothBranches(double x, double y)
    {
        var s = x + y;
        if (s > 0)
        {
            return s * x;
        }
        else
        {
            return s * y;
        }
    }

    [Differentiable]
    public static double LogicalConditions(double x, double y, bool flag)
    {
        if ((x > y && flag) || !(y < 0.5))
        {
            return x * y;
        }

        if (x >= 1.0 || (x != y && !flag))
        {
            return x - y * y;
        }

        return x <= -1.0 && y == 0.25 ? 3 * x : x * x * y;
    }

    [Differentiable]
    public static double ConditionOnComputedValue(double x, double y)
    {
        var z = Math.Sin(x) * y;
        var big = z > 0.5;
        if (big && x < 2 * y)
        {
            z = z * z;
        }

        return big ? z + x : z - x;
    }

    [Differentiable]
    public static double BoolAndIntParameters(double x, int n, bool square)
    {
        var y = x * n;
        if (square)
        {
            y = y * y;
        }

        return n > 2 ? y + x : y - x;
    }

    [Differentiable]
    public static double TernaryOnInt(double x, int n) => n % 2 == 0 ? x * x * n : -x;

    [Differentiable]
    public static double NoDerivativeParameter(double x, [NoDerivative] double c) => c * x * x + Math.Sin(c) * x;

    [Differentiable]
    public static double NoDerivativeInCondition(double x, double y, [NoDerivative] double threshold)
    {
        var r = x * y;
        if (r > threshold)
        {
            r = r - threshold * x;
        }

        return r;
    }

    [Differentiable]
    public static double SequentialConditionalReturns(double x, double y)
    {
        if (x > 0)
        {
            if (y > 0)
            {
                return x * y;
            }
        }

        x = x * 2;
        if (y < -1)
        {
            return x + y;
        }

        y = y * x;
        return x * y;
    }

    [Differentiable]
    public static double SequentialIfs(double x, double y)
    {
        var a = x;
        if (y > 0)
        {
            a = a * y;
        }

        a = a + x;
        if (y > 1)
        {
            a = a * a;
        }
        else
        {
            x = x * 3;
        }

        return a * x;
    }

    [Differentiable]
    public static double SameNameInSiblingScopes(double x, bool c)
    {
        double r;
        if (c)
        {
            var t = x * 2;
            r = t;
        }
        else
        {
            var t = x * 3;
            r = t * t;
        }

        return r;
    }

    [Differentiable]
    public static double SingularUntakenConditional(double x) => x > 0 ? Math.Sqrt(x) : -x;

    [Differentiable]
    public static double SingularUntakenIf(double x)
    {
        double r;
        if (x > 0)
        {
            r = Math.Log(x);
        }
        else
        {
            r = x * x;
        }

        return r;
    }

    [Differentiable]
    public static double DeadComputation(double x)
    {
        var unused = Math.Log(x);
        return x * 2;
    }

    [Differentiable]
    public static double IntValuedConditional(double x) => (x > 0 ? 1 : -1) * x * x;

    [Differentiable]
    public static double ActiveOnlyOnOneBranch(double x, bool c)
    {
        double r = 1.0;
        if (c)
        {
            r = x;
        }

        return r * 2 + 1;
    }

    // ---- the tests ----------------------------------------------------------------------------------------------

    [Theory]
    [InlineData(2.0, 0.5)]   // x > y
    [InlineData(-1.5, 0.3)]  // else
    [InlineData(0.7, 3.1)]   // else
    [InlineData(1.2, -2.0)]  // x > y, negative product
    public void If_else(double x, double y) =>
        new GradientCheck(
            nameof(IfElse), "x y",
            p => IfElse(p[0], p[1]),
            (p, d) => IfElseGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => IfElsePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return a > b ? [2 * a * b * b, 2 * a * a * b] : [2 * (a + b), 2 * (a + b)];
            }).Check(x, y);

    [Theory]
    [InlineData(2.0, 0.5)]
    [InlineData(-1.5, 0.3)]
    [InlineData(0.7, 3.1)]
    public void If_without_else(double x, double y) =>
        new GradientCheck(
            nameof(IfWithoutElse), "x y",
            p => IfWithoutElse(p[0], p[1]),
            (p, d) => IfWithoutElseGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => IfWithoutElsePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return b < a ? [2 * b, 2 * a + 1] : [2.0, 1.0];
            }).Check(x, y);

    [Theory]
    [InlineData(1.5, 0.5)]   // x > 0, y > 0
    [InlineData(1.5, -0.5)]  // x > 0, y ≤ 0
    [InlineData(-0.5, 2.0)]  // x ≤ 0, y > x
    [InlineData(-0.5, -2.0)] // x ≤ 0, y ≤ x
    public void Nested_if(double x, double y) =>
        new GradientCheck(
            nameof(NestedIf), "x y",
            p => NestedIf(p[0], p[1]),
            (p, d) => NestedIfGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => NestedIfPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if (a > 0)
                {
                    return b > 0 ? [b + 1, a] : [2.0, -1.0];
                }

                return b > a ? [Math.Cos(a) * b + 1, Math.Sin(a)] : [1.0, 2 * b];
            }).Check(x, y);

    [Theory]
    [InlineData(-2.5)]
    [InlineData(0.4)]
    [InlineData(1.5)]
    [InlineData(3.0)]
    public void Else_if_chain(double x) =>
        new GradientCheck(
            nameof(ElseIfChain), "x",
            p => ElseIfChain(p[0]),
            (p, d) => ElseIfChainGrad(p[0], out d[0]),
            (p, s, d) => ElseIfChainPullback(p[0], s, ref d[0]),
            p => [p[0] < -1 ? -1 : p[0] < 1 ? 2 * p[0] : p[0] < 2 ? 2 : Math.Exp(p[0] - 2)]).Check(x);

    [Theory]
    [InlineData(1.5, 0.5)]
    [InlineData(1.5, -0.5)]
    [InlineData(-0.5, 2.0)]
    [InlineData(-0.5, -2.0)]
    public void Nested_conditional_operator(double x, double y) =>
        new GradientCheck(
            nameof(NestedConditional), "x y",
            p => NestedConditional(p[0], p[1]),
            (p, d) => NestedConditionalGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => NestedConditionalPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if (a > 0)
                {
                    return b > 0 ? [b, a] : [1.0, -1.0];
                }

                return b > a ? [Math.Exp(a) * b, Math.Exp(a)] : [0.0, 2 * b];
            }).Check(x, y);

    [Theory]
    [InlineData(2.0, 0.5)]
    [InlineData(-1.5, 0.3)]
    [InlineData(0.7, 3.1)]
    [InlineData(-0.5, 1.5)]
    public void Conditional_operators_inside_arithmetic(double x, double y) =>
        new GradientCheck(
            nameof(ConditionalInsideArithmetic), "x y",
            p => ConditionalInsideArithmetic(p[0], p[1]),
            (p, d) => ConditionalInsideArithmeticGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ConditionalInsideArithmeticPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var inner = (a > b ? a : b) * 3.0 + Math.Abs(a);
                var outer = b > 1 ? b : 1.0;
                var dInnerDa = (a > b ? 3.0 : 0.0) + (a < 0 ? -1.0 : 1.0);
                var dInnerDb = a > b ? 0.0 : 3.0;
                return [dInnerDa * outer, dInnerDb * outer + (b > 1 ? inner : 0.0)];
            }).Check(x, y);

    [Theory]
    [InlineData(-1.5)]
    [InlineData(-0.2)]
    [InlineData(0.7)]
    [InlineData(2.5)]
    public void Early_return(double x) =>
        new GradientCheck(
            nameof(EarlyReturn), "x",
            p => EarlyReturn(p[0]),
            (p, d) => EarlyReturnGrad(p[0], out d[0]),
            (p, s, d) => EarlyReturnPullback(p[0], s, ref d[0]),
            p => [p[0] < 0 ? -2 * p[0] : 6 * p[0]]).Check(x);

    [Theory]
    [InlineData(1.5, 0.5)]   // returns x·y from the inner if
    [InlineData(1.5, -0.5)]  // y = y·x, then falls through to x − y
    [InlineData(-0.5, 2.0)]  // returns x + y² from the else-if
    [InlineData(-0.5, 0.3)]  // falls through to x − y
    public void Return_inside_nested_ifs(double x, double y) =>
        new GradientCheck(
            nameof(ReturnInNestedIf), "x y",
            p => ReturnInNestedIf(p[0], p[1]),
            (p, d) => ReturnInNestedIfGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ReturnInNestedIfPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if (a > 0)
                {
                    return b > 0 ? [b, a] : [1 - b, -a];
                }

                return b > 1 ? [1.0, 2 * b] : [1.0, -1.0];
            }).Check(x, y);

    [Theory]
    [InlineData(1.0, 3.0)]   // xy > 1 and y > 2: returns (xy)²
    [InlineData(2.0, 1.5)]   // xy > 1, y ≤ 2: continues with (xy)² + x
    [InlineData(0.5, 0.8)]   // xy ≤ 1: xy − y
    [InlineData(-1.5, 2.5)]  // xy ≤ 1 with y > 2
    public void Code_after_an_if_that_returns_on_some_paths(double x, double y) =>
        new GradientCheck(
            nameof(CodeAfterPartialReturn), "x y",
            p => CodeAfterPartialReturn(p[0], p[1]),
            (p, d) => CodeAfterPartialReturnGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => CodeAfterPartialReturnPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if (a * b > 1)
                {
                    return b > 2
                        ? [2 * a * b * b, 2 * a * a * b]                   // x²y²
                        : [3 * a * a * b * b + 2 * a, 2 * a * a * a * b + 1]; // x³y² + x² + y
                }

                return [2 * a * b - b, a * a - a + 1];                      // x²y − xy + y
            }).Check(x, y);

    [Theory]
    [InlineData(1.5, 0.5)]
    [InlineData(-1.5, 0.5)]
    [InlineData(0.3, -2.0)]
    public void Returns_in_both_branches(double x, double y) =>
        new GradientCheck(
            nameof(ReturnsInBothBranches), "x y",
            p => ReturnsInBothBranches(p[0], p[1]),
            (p, d) => ReturnsInBothBranchesGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ReturnsInBothBranchesPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                return a + b > 0 ? [2 * a + b, a] : [b, a + 2 * b];
            }).Check(x, y);

    [Theory]
    [InlineData(2.0, 0.3, true)]    // x > y && flag
    [InlineData(0.2, 0.7, false)]   // !(y < 0.5)
    [InlineData(1.5, 0.3, false)]   // x ≥ 1
    [InlineData(0.2, 0.3, false)]   // x ≠ y && !flag
    [InlineData(-2.0, 0.25, true)]  // x ≤ −1 && y == 0.25 (y is exactly 0.25; only x is perturbed across no boundary)
    [InlineData(0.1, 0.3, true)]    // the last x·x·y
    public void Comparisons_and_logical_operators(double x, double y, bool flag)
    {
        var check = new GradientCheck(
            nameof(LogicalConditions), "x y",
            p => LogicalConditions(p[0], p[1], flag),
            (p, d) => LogicalConditionsGrad(p[0], p[1], flag, out d[0], out d[1]),
            (p, s, d) => LogicalConditionsPullback(p[0], p[1], flag, s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if ((a > b && flag) || !(b < 0.5)) return [b, a];
                if (a >= 1.0 || (a != b && !flag)) return [1.0, -2 * b];
                return a <= -1.0 && b == 0.25 ? [3.0, 0.0] : [2 * a * b, a * a];
            });

        if (y == 0.25)
        {
            // y == 0.25 is an equality test: a finite difference in y leaves that branch, so check only the
            // gradient against the closed form and Grad's value, as the analytic part of the check does.
            var dx = LogicalConditionsGrad(x, y, flag, out var gx, out var gy);
            FiniteDifferences.AssertSameBits(LogicalConditions(x, y, flag), dx, nameof(LogicalConditionsGrad));
            Assert.Equal(3.0, gx);
            Assert.Equal(0.0, gy);
            var fdX = FiniteDifferences.Central(p => LogicalConditions(p[0], y, flag), [x], 0);
            FiniteDifferences.AssertClose(nameof(LogicalConditions), ["x"], [x], 0, gx, fdX, FiniteDifferences.DoubleTolerance);
            return;
        }

        check.Check(x, y);
    }

    [Theory]
    [InlineData(1.0, 2.0)]   // z > 0.5 and x < 2y: squared
    [InlineData(1.0, 0.3)]   // z ≤ 0.5
    [InlineData(2.0, 0.9)]   // z > 0.5 but x ≥ 2y
    [InlineData(-1.0, 0.5)]  // z < 0
    public void Condition_on_a_computed_bool_local(double x, double y) =>
        new GradientCheck(
            nameof(ConditionOnComputedValue), "x y",
            p => ConditionOnComputedValue(p[0], p[1]),
            (p, d) => ConditionOnComputedValueGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => ConditionOnComputedValuePullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                var z = Math.Sin(a) * b;
                var big = z > 0.5;
                double dzA = Math.Cos(a) * b, dzB = Math.Sin(a);
                if (big && a < 2 * b)
                {
                    (dzA, dzB) = (2 * z * dzA, 2 * z * dzB);
                }

                return big ? [dzA + 1, dzB] : [dzA - 1, dzB];
            }).Check(x, y);

    [Theory]
    [InlineData(0.7, 3, true)]
    [InlineData(0.7, 3, false)]
    [InlineData(-1.3, 2, true)]
    [InlineData(-1.3, -4, false)]
    public void Bool_and_int_parameters_are_passive(double x, int n, bool square) =>
        new GradientCheck(
            nameof(BoolAndIntParameters), "x",
            p => BoolAndIntParameters(p[0], n, square),
            (p, d) => BoolAndIntParametersGrad(p[0], n, square, out d[0]),
            (p, s, d) => BoolAndIntParametersPullback(p[0], n, square, s, ref d[0]),
            p =>
            {
                var dy = square ? 2.0 * n * n * p[0] : n;
                return [n > 2 ? dy + 1 : dy - 1];
            }).Check(x);

    [Theory]
    [InlineData(0.7, 4)]
    [InlineData(-1.3, 3)]
    [InlineData(2.1, -2)]
    public void Conditional_on_an_int_parameter(double x, int n) =>
        new GradientCheck(
            nameof(TernaryOnInt), "x",
            p => TernaryOnInt(p[0], n),
            (p, d) => TernaryOnIntGrad(p[0], n, out d[0]),
            (p, s, d) => TernaryOnIntPullback(p[0], n, s, ref d[0]),
            p => [n % 2 == 0 ? 2.0 * n * p[0] : -1.0]).Check(x);

    [Theory]
    [InlineData(0.7, 3.0)]
    [InlineData(-1.3, 0.5)]
    [InlineData(2.1, -2.0)]
    public void NoDerivative_double_parameter_is_a_constant(double x, double c) =>
        // Grad has exactly one gradient out parameter, named dx (named argument: checked at compile time).
        new GradientCheck(
            nameof(NoDerivativeParameter), "x",
            p => NoDerivativeParameter(p[0], c),
            (p, d) => NoDerivativeParameterGrad(p[0], c, dx: out d[0]),
            (p, s, d) => NoDerivativeParameterPullback(p[0], c, s, dx: ref d[0]),
            p => [2 * c * p[0] + Math.Sin(c)]).Check(x);

    [Theory]
    [InlineData(2.0, 1.5, 1.0)]   // xy > threshold
    [InlineData(0.5, 1.5, 1.0)]   // xy ≤ threshold
    [InlineData(-2.0, 1.5, -4.0)] // xy > threshold (negative threshold)
    public void NoDerivative_parameter_in_a_condition(double x, double y, double threshold) =>
        new GradientCheck(
            nameof(NoDerivativeInCondition), "x y",
            p => NoDerivativeInCondition(p[0], p[1], threshold),
            (p, d) => NoDerivativeInConditionGrad(p[0], p[1], threshold, out d[0], out d[1]),
            (p, s, d) => NoDerivativeInConditionPullback(p[0], p[1], threshold, s, ref d[0], ref d[1]),
            p => p[0] * p[1] > threshold ? [p[1] - threshold, p[0]] : [p[1], p[0]]).Check(x, y);

    [Theory]
    [InlineData(1.5, 0.5)]   // returns x·y at the first return
    [InlineData(1.5, -2.0)]  // x = 2x, returns 2x + y
    [InlineData(-0.5, 0.7)]  // x = 2x, y = 2xy, returns 4x²y
    [InlineData(0.8, -0.4)]  // x > 0 but y ≤ 0: 4x²y
    public void Several_conditional_returns_in_sequence(double x, double y) =>
        new GradientCheck(
            nameof(SequentialConditionalReturns), "x y",
            p => SequentialConditionalReturns(p[0], p[1]),
            (p, d) => SequentialConditionalReturnsGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => SequentialConditionalReturnsPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if (a > 0 && b > 0) return [b, a];
                if (b < -1) return [2.0, 1.0];
                return [8 * a * b, 4 * a * a];
            }).Check(x, y);

    [Theory]
    [InlineData(1.5, 2.0)]   // y > 1: x³(y + 1)²
    [InlineData(1.5, 0.5)]   // 0 < y ≤ 1: 3x²(y + 1)
    [InlineData(-0.7, -1.0)] // y ≤ 0: 6x²
    public void Sequential_ifs_merging_reassigned_values(double x, double y) =>
        new GradientCheck(
            nameof(SequentialIfs), "x y",
            p => SequentialIfs(p[0], p[1]),
            (p, d) => SequentialIfsGrad(p[0], p[1], out d[0], out d[1]),
            (p, s, d) => SequentialIfsPullback(p[0], p[1], s, ref d[0], ref d[1]),
            p =>
            {
                var (a, b) = (p[0], p[1]);
                if (b > 1) return [3 * a * a * (b + 1) * (b + 1), 2 * a * a * a * (b + 1)];
                if (b > 0) return [6 * a * (b + 1), 3 * a * a];
                return [12 * a, 0.0];
            }).Check(x, y);

    [Theory]
    [InlineData(0.7, true)]
    [InlineData(0.7, false)]
    [InlineData(-1.3, false)]
    public void Locals_with_the_same_name_in_sibling_scopes(double x, bool c) =>
        new GradientCheck(
            nameof(SameNameInSiblingScopes), "x",
            p => SameNameInSiblingScopes(p[0], c),
            (p, d) => SameNameInSiblingScopesGrad(p[0], c, out d[0]),
            (p, s, d) => SameNameInSiblingScopesPullback(p[0], c, s, ref d[0]),
            p => [c ? 2.0 : 18 * p[0]]).Check(x);

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-0.5)]
    [InlineData(4.0)]
    public void Conditional_with_a_singular_derivative_in_the_branch_not_taken(double x) =>
        new GradientCheck(
            nameof(SingularUntakenConditional), "x",
            p => SingularUntakenConditional(p[0]),
            (p, d) => SingularUntakenConditionalGrad(p[0], out d[0]),
            (p, s, d) => SingularUntakenConditionalPullback(p[0], s, ref d[0]),
            p => [p[0] > 0 ? 0.5 / Math.Sqrt(p[0]) : -1.0]).Check(x);

    [Theory]
    [InlineData(-2.0)]
    [InlineData(-0.5)]
    [InlineData(3.0)]
    public void If_with_a_singular_derivative_in_the_branch_not_taken(double x) =>
        new GradientCheck(
            nameof(SingularUntakenIf), "x",
            p => SingularUntakenIf(p[0]),
            (p, d) => SingularUntakenIfGrad(p[0], out d[0]),
            (p, s, d) => SingularUntakenIfPullback(p[0], s, ref d[0]),
            p => [p[0] > 0 ? 1 / p[0] : 2 * p[0]]).Check(x);

    [Fact]
    public void Branch_not_taken_contributes_nothing_even_where_its_derivative_is_infinite()
    {
        // At x = 0 the else branches are taken: √x and log x (derivative +∞ at 0) must not turn into 0·∞ = NaN.
        SingularUntakenConditionalGrad(0.0, out var dConditional);
        Assert.Equal(-1.0, dConditional);
        SingularUntakenIfGrad(0.0, out var dIf);
        Assert.Equal(0.0, dIf);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(1.5)]
    public void Unused_computation_does_not_poison_the_gradient(double x)
    {
        // log x is NaN or −∞ here for x ≤ 0, but its value is never used: ∂/∂x (2x) = 2.
        var value = DeadComputationGrad(x, out var dx);
        FiniteDifferences.AssertSameBits(DeadComputation(x), value, nameof(DeadComputationGrad));
        Assert.Equal(2.0, dx);
        var slot = 10.0;
        DeadComputationPullback(x, -2.5, ref slot);
        Assert.Equal(5.0, slot);
    }

    [Theory]
    [InlineData(-1.5)]
    [InlineData(0.4)]
    [InlineData(2.0)]
    public void Int_valued_conditional_is_passive(double x) =>
        new GradientCheck(
            nameof(IntValuedConditional), "x",
            p => IntValuedConditional(p[0]),
            (p, d) => IntValuedConditionalGrad(p[0], out d[0]),
            (p, s, d) => IntValuedConditionalPullback(p[0], s, ref d[0]),
            p => [2 * Math.Abs(p[0])]).Check(x);

    [Theory]
    [InlineData(0.7, true)]
    [InlineData(0.7, false)]
    [InlineData(-2.5, true)]
    public void Value_active_on_one_branch_only(double x, bool c) =>
        new GradientCheck(
            nameof(ActiveOnlyOnOneBranch), "x",
            p => ActiveOnlyOnOneBranch(p[0], c),
            (p, d) => ActiveOnlyOnOneBranchGrad(p[0], c, out d[0]),
            (p, s, d) => ActiveOnlyOnOneBranchPullback(p[0], c, s, ref d[0]),
            p => [c ? 2.0 : 0.0]).Check(x);
}
