using System.Text.RegularExpressions;
using CsCheck;
using Xunit.Abstractions;

namespace DiffGen.Runtime.Tests.OpTests;

/// <summary>One step of a chain: which op, and two numbers the op turns into its axis, operand side, constant, ….</summary>
internal sealed record Step(int Op, int Choice, int Seed);

/// <summary>
/// A random chain: x (shape <paramref name="Shape"/>) and a second input z (shape <paramref name="OtherShape"/>)
/// with values from <paramref name="Seed"/>, then the steps applied to x in turn. z enters where a step combines
/// the running value with it.
/// </summary>
internal sealed record Chain(int[] Shape, int[] OtherShape, int Seed, Step[] Steps)
{
    public override string ToString() =>
        $"x ({string.Join(",", Shape)}), z ({string.Join(",", OtherShape)}), seed {Seed}: {string.Join(" → ", Steps.Select(s => $"{OpChain.Names[s.Op]}[{s.Choice}]"))}";
}

/// <summary>Runs a <see cref="Chain"/> on any <see cref="IChainBackend{T}"/>; every choice follows from the chain and the running shape.</summary>
internal static class OpChain
{
    public static readonly string[] Names =
    [
        "Negate", "Square", "Exp", "Log(x²+½)", "Sqrt(x²+¼)", "Tanh", "Sigmoid", "Sin", "Cos", "Abs", "Relu",
        "BinaryConstant", "BinaryOther", "Softmax", "Reduce", "Transpose", "Reshape", "MatMul", "Concat", "Slice",
        "BroadcastTo", "Where",
    ];

    /// <summary>Above this many elements a growing step (Concat, BroadcastTo) sums over the first axis instead.</summary>
    private const int MaxSize = 48;

    public static (Tensor X, Tensor Z) Inputs(Chain chain)
    {
        var random = new Random(chain.Seed);
        return (Rand.Uniform(random, chain.Shape, -1.5, 1.5), Rand.Uniform(random, chain.OtherShape, -1.5, 1.5));
    }

    public static T Run<T>(IChainBackend<T> b, Chain chain, T x, T z)
    {
        var value = x;
        foreach (var step in chain.Steps)
        {
            value = Apply(b, step, value, z);
        }

        return value;
    }

    private static T Apply<T>(IChainBackend<T> b, Step step, T c, T z)
    {
        var shape = b.ShapeOf(c);
        var rank = shape.Length;
        var size = Reference.SizeOf(shape);
        var random = new Random(step.Seed);
        var choice = step.Choice;
        switch (Names[step.Op])
        {
            case "Log(x²+½)":
                return b.Unary("Log", b.Binary("Add", b.Unary("Square", c), b.Constant(0.5f)));
            case "Sqrt(x²+¼)":
                return b.Unary("Sqrt", b.Binary("Add", b.Unary("Square", c), b.Constant(0.25f)));
            case "BinaryConstant":
            {
                // A constant that broadcasts with the running value (sometimes adding a leading axis), on either side.
                var constantShape = choice % 5 == 0 && rank < 3 ? [2, .. shape] : Rand.Operand(random, shape);
                var left = choice / 7 % 2 == 0;
                return (choice % 7) switch
                {
                    0 => Binary(b, "Add", c, b.Constant(Rand.Uniform(random, constantShape, -1, 1)), left),
                    1 => Binary(b, "Subtract", c, b.Constant(Rand.Uniform(random, constantShape, -1, 1)), left),
                    2 => Binary(b, "Multiply", c, b.Constant(Rand.Uniform(random, constantShape, -1.5, 1.5)), left),
                    3 => left
                        ? b.Binary("Divide", b.Constant(Rand.Uniform(random, constantShape, -1.5, 1.5)), b.Binary("Add", b.Unary("Square", c), b.Constant(1f)))
                        : b.Binary("Divide", c, b.Constant(Rand.AwayFromZero(random, constantShape, 0.5, 2))),
                    4 => Binary(b, "Maximum", c, b.Constant(Rand.Uniform(random, constantShape, -1, 1)), left),
                    5 => Binary(b, "Minimum", c, b.Constant(Rand.Uniform(random, constantShape, -1, 1)), left),
                    _ => left
                        ? b.Binary("Pow", b.Constant(Rand.Uniform(random, constantShape, 0.5, 2)), c)
                        : b.Binary("Pow", b.Binary("Add", b.Unary("Square", c), b.Constant(0.5f)), b.Constant(Rand.Uniform(random, constantShape, -1.5, 2))),
                };
            }

            case "BinaryOther":
            {
                // z where it broadcasts with the running value, else its mean (a scalar).
                var other = Reference.BroadcastShape(shape, b.ShapeOf(z)) is null ? b.Reduce(Reference.Reduction.Mean, z, null, false) : z;
                var left = choice / 6 % 2 == 0;
                return (choice % 6) switch
                {
                    0 => Binary(b, "Add", c, other, left),
                    1 => Binary(b, "Subtract", c, other, left),
                    2 => Binary(b, "Multiply", c, other, left),
                    3 => b.Binary("Divide", c, b.Binary("Add", b.Unary("Square", other), b.Constant(0.5f))),
                    4 => Binary(b, "Maximum", c, other, left),
                    _ => Binary(b, "Minimum", c, other, left),
                };
            }

            case "Softmax":
                return rank == 0 ? b.Unary("Square", c) : b.Softmax(c, (choice % (2 * rank)) - rank, log: choice / 7 % 2 == 0);
            case "Reduce":
            {
                var kind = (Reference.Reduction)(choice % 3);
                int? axis = rank == 0 || choice / 3 % (rank + 1) == rank ? null : choice / 3 % (rank + 1);
                return b.Reduce(kind, c, axis, keepDims: choice / 11 % 2 == 0);
            }

            case "Transpose":
            {
                if (rank < 2)
                {
                    return b.Transpose(c, null);
                }

                var perm = Enumerable.Range(0, rank).ToArray();
                random.Shuffle(perm);
                return choice % 3 == 0 ? b.Transpose(c, null) : b.Transpose(c, perm);
            }

            case "Reshape":
                return (choice % 3) switch
                {
                    0 => b.Reshape(c, [-1]),
                    1 => b.Reshape(c, rank == 0 ? [1, 1] : [-1, shape[^1]]),
                    _ => b.Reshape(c, [1, .. shape]),
                };
            case "MatMul":
            {
                var matrix = rank switch
                {
                    0 => b.Reshape(c, [1, 1]),
                    1 => b.Reshape(c, [1, -1]),
                    2 => c,
                    _ => b.Reshape(c, [-1, shape[^1]]),
                };
                var m = b.ShapeOf(matrix);
                bool transposeA = choice % 2 == 0, transposeB = choice / 2 % 2 == 0;
                var n = 1 + (choice / 4 % 3);
                if (choice / 12 % 2 == 0)
                {
                    // matrix on the left: op(matrix) is (rows, inner).
                    var inner = transposeA ? m[0] : m[1];
                    var constant = b.Constant(Rand.Uniform(random, transposeB ? [n, inner] : [inner, n], -1, 1));
                    return b.MatMul(matrix, constant, transposeA, transposeB);
                }
                else
                {
                    // matrix on the right: op(matrix) is (inner, columns).
                    var inner = transposeB ? m[1] : m[0];
                    var constant = b.Constant(Rand.Uniform(random, transposeA ? [inner, n] : [n, inner], -1, 1));
                    return b.MatMul(constant, matrix, transposeA, transposeB);
                }
            }

            case "Concat":
            {
                if (size > MaxSize)
                {
                    return b.Reduce(Reference.Reduction.Sum, c, 0, false);
                }

                var v = rank == 0 ? b.Reshape(c, [1]) : c;
                var vShape = b.ShapeOf(v);
                var axis = choice % vShape.Length;
                var constantShape = (int[])vShape.Clone();
                constantShape[axis] = 1 + (choice / 3 % 2);
                return (choice / 5 % 3) switch
                {
                    0 => b.Concat([v, v], axis),
                    1 => b.Concat([b.Constant(Rand.Uniform(random, constantShape, -1, 1)), v, b.Unary("Square", v)], axis),
                    _ => b.Concat([v, b.Constant(Rand.Uniform(random, constantShape, -1, 1))], axis - vShape.Length),
                };
            }

            case "Slice":
            {
                if (rank == 0)
                {
                    return b.Slice(b.Reshape(c, [1]), 0, 1, 0);
                }

                var axis = choice % rank;
                var start = choice / 5 % shape[axis];
                var length = 1 + (choice / 7 % (shape[axis] - start));
                return b.Slice(c, start, length, axis);
            }

            case "BroadcastTo":
            {
                if (size > MaxSize)
                {
                    return b.Reduce(Reference.Reduction.Sum, c, 0, false);
                }

                var ones = Array.IndexOf(shape, 1);
                if (ones >= 0 && choice % 2 == 0)
                {
                    var target = (int[])shape.Clone();
                    target[ones] = 3;
                    return b.BroadcastTo(c, target);
                }

                return b.BroadcastTo(c, [2, .. shape]);
            }

            case "Where":
                return choice % 2 == 0
                    ? b.Where(b.Binary("Greater", c, b.Constant(0f)), c, b.Binary("Multiply", c, b.Constant(0.2f)))
                    : b.Where(b.Constant(Tensor.From([.. Enumerable.Range(0, shape.Length == 0 ? 1 : shape[^1]).Select(i => (float)random.Next(2))], new Shape(shape.Length == 0 ? [] : [shape[^1]]))), b.Unary("Sin", c), b.Unary("Square", c));
            default:
                return b.Unary(Names[step.Op], c);
        }
    }

    private static T Binary<T>(IChainBackend<T> b, string op, T c, T other, bool otherOnTheLeft) =>
        otherOnTheLeft ? b.Binary(op, other, c) : b.Binary(op, c, other);
}

/// <summary>
/// Property: a random chain of 3–8 ops over random small shapes, with broadcasting constants and a second watched
/// input, has the tape gradient (with respect to both inputs, of Σ chain·w for random w) that central differences of
/// the same chain on the double reference give. Each run samples <see cref="Chains"/> chains from a new random seed,
/// so the property explores over runs at CI's cost; a failure prints CsCheck's seed, how to replay it and the chain,
/// op by op with shapes, and the seed then joins <see cref="SeedsThatOnceFailed"/>, replayed every run.
/// </summary>
public class RandomOpChainTests(ITestOutputHelper output)
{
    /// <summary>Chains per run; CsCheck_Iter=n overrides it for a long local hunt.</summary>
    private const int Chains = 160;

    private static readonly Gen<int[]> ShapeGen = Gen.Int[0, 3].SelectMany(rank => Gen.Int[1, 4].Array[rank]);

    private static readonly Gen<Step> StepGen = Gen.Select(Gen.Int[0, OpChain.Names.Length - 1], Gen.Int[0, 9999], Gen.Int[0, 9999], (op, choice, seed) => new Step(op, choice, seed));

    private static readonly Gen<Chain> ChainGen = Gen.Select(ShapeGen, ShapeGen, Gen.Int[0, 9999], StepGen.Array[3, 8], (shape, other, seed, steps) => new Chain(shape, other, seed, steps));

    [Fact]
    public void Random_op_chains_match_finite_differences()
    {
        var iterations = int.TryParse(Environment.GetEnvironmentVariable("CsCheck_Iter"), out var n) && n > 0 ? n : Chains;
        var checkedChains = 0;
        try
        {
            // seed: null: CsCheck starts from CsCheck_Seed when it is set (a replay), else from a new random seed.
            ChainGen.Sample(chain => checkedChains += Check(chain) ? 1 : 0, iter: iterations, threads: 1, print: Describe);
        }
        catch (CsCheckException e)
        {
            var seed = Regex.Match(e.Message, "Set seed: \"([^\"]+)\"").Groups[1].Value;
            throw new InvalidOperationException(
                $"Replay: CsCheck_Seed={seed} dotnet test tests/Diff.Runtime.Tests --filter FullyQualifiedName~RandomOpChainTests\n" +
                $"Then add \"{seed}\" to SeedsThatOnceFailed.\n\n{e.Message}",
                e);
        }

        // Chains that pass near a kink or explode are skipped, about 5% of them (1,028 of 20,000 sampled); a quarter
        // skipped is far outside chance (11 standard deviations at 160 chains) and would mean a broken filter.
        output.WriteLine($"{checkedChains} of {iterations} chains checked");
        Assert.True(checkedChains >= iterations * 3 / 4, $"only {checkedChains} of {iterations} chains were checked");
    }

    /// <summary>Every seed that ever failed, replayed every run; each must still be a chain that gets checked.</summary>
    [Theory]
    [MemberData(nameof(SeedsThatOnceFailed))]
    public void Chains_that_once_failed(string seed)
        => ChainGen.Sample(chain => Assert.True(Check(chain), $"the chain was skipped, so it tests nothing: {Describe(chain)}"), seed: seed, iter: 1, threads: 1, print: Describe);

    /// <summary>
    /// Seeds of failures (a seed names a chain of the generators above as they are: a change to them changes what an
    /// old seed draws, so keep a real bug's chain as its own test too).
    /// a-Y-7zgqteu1 (BroadcastTo → Sqrt(x²+¼) → Tanh on a scalar): found when Tanh's backward was deliberately made
    /// dy·(1.01 − y²) (checking that a failure prints a replayable seed). No real bug has been found by this property
    /// (20,000 chains sampled once, December 2026).
    /// </summary>
    public static TheoryData<string> SeedsThatOnceFailed() => new()
    {
        "a-Y-7zgqteu1",
    };

    /// <summary>Checks one chain; false when it was skipped (within 1e-3 of a kink, or values beyond 100).</summary>
    private static bool Check(Chain chain)
    {
        var (x, z) = OpChain.Inputs(chain);
        var probe = new RefBackend();
        OpChain.Run(probe, chain, Ref.Of(x), Ref.Of(z));
        if (probe.KinkDistance < 1e-3 || probe.Magnitude > 100)
        {
            return false;
        }

        GradientCheck.Check(
            Describe(chain),
            t => OpChain.Run(TensorBackend.Instance, chain, t[0], t[1]),
            r => OpChain.Run(new RefBackend(), chain, r[0], r[1]),
            [x, z],
            chain.Seed,
            tolerance: 1e-3,
            forwardTolerance: 1e-4);
        return true;
    }

    private static string Describe(Chain chain)
    {
        var (x, z) = OpChain.Inputs(chain);
        var trace = new RefBackend();
        try
        {
            OpChain.Run(trace, chain, Ref.Of(x), Ref.Of(z));
        }
        catch (Exception e)
        {
            trace.Trace.Add($"(the reference threw {e.GetType().Name}: {e.Message})");
        }

        return $"{chain}\n    {string.Join("\n    ", trace.Trace)}";
    }
}
