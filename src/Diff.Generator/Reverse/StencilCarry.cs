using System.Collections.Generic;
using System.Collections.Immutable;
using System.Globalization;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// Scalar replacement of a stencil's gradient in a fused loop. When every iteration adds into a gradient buffer at
/// a few fixed offsets from a counter that steps by one (<c>dx[i] += …; dx[i + 1] += …</c>, Rosenbrock's
/// x[i] / x[i + 1]), element i + 1 written in iteration i is read back, modified and written again in iteration
/// i + 1: a store-to-load chain through memory between iterations. Instead, the contributions go to registers, one per
/// offset; each iteration adds the lowest offset's element, which no later iteration touches, into the buffer
/// once, and passes the others down; after the loop the rest go into the buffer.
/// </summary>
internal static class StencilCarry
{
    /// <summary>At most this many elements are carried from one iteration to the next.</summary>
    private const int MaxWindow = 4;

    /// <summary>
    /// Rewrites one fused iteration for every buffer it can; returns what goes before the loop and after it (empty
    /// when nothing applied).
    /// </summary>
    /// <param name="elementTypes">Every buffer the iteration may add into, with its element type.</param>
    public static (List<CodeStmt> Before, List<CodeStmt> Iteration, List<CodeStmt> After) Apply(
        LoopInstr loop, List<CodeStmt> iteration, IReadOnlyDictionary<string, TypeRef> elementTypes, NameAllocator names)
    {
        var before = new List<CodeStmt>();
        var after = new List<CodeStmt>();
        if (loop.ExitFlag is not null || loop.Footer is not null)
        {
            return (before, iteration, after); // the counter's value after the loop is the last one + 1 only without early exits
        }

        foreach (var buffer in elementTypes.Keys.OrderBy(k => k, System.StringComparer.Ordinal))
        {
            if (Stencil(loop, iteration, buffer) is not { } stencil)
            {
                continue;
            }

            var (counter, offsets) = stencil;
            var low = offsets.Min();
            var window = offsets.Max() - low;
            var type = elementTypes[buffer];
            // carries[k]: what has been added so far to element counter + low + k.
            var carries = Enumerable.Range(0, window + 1).Select(_ => names.Temp("_carry_" + buffer.TrimStart('_'))).ToList();
            before.Add(new CommentCode($"'{buffer}' is added into at fixed offsets from '{counter.Var.Name}': each element is carried in a local until no later iteration adds to it."));
            before.AddRange(carries.Select(c => (CodeStmt)new DeclareCode(type, c, Code.Literal0(type))));

            // The highest offset's element is new in every iteration: its carry starts at zero there.
            var marker = new StencilStore(counter.Var.Name, Lowering.ToCode(counter.Entry), low, window);
            var rewritten = new List<CodeStmt> { new AssignCode(carries[window], "=", Code.Literal0(type)) };
            rewritten.AddRange(iteration.Select(s => s is ElementAssignCode e && e.Array == buffer
                ? new AssignCode(carries[Offset(e.Index, counter.Var.Name)!.Value - low], e.Op, e.Value)
                : s));
            rewritten.Add(new ElementAssignCode(buffer, Index(counter.Var.Name, low), "+=", new NameCode(carries[0]), marker));
            for (var k = 0; k < window; k++)
            {
                rewritten.Add(new AssignCode(carries[k], "=", new NameCode(carries[k + 1])));
            }

            iteration = rewritten;

            // After the loop the counter is one past its last value: carries 0 .. window − 1 belong to the elements
            // from there on, in range if the loop ran at all.
            var flush = Enumerable.Range(0, window)
                .Select(k => (CodeStmt)new ElementAssignCode(buffer, Index(counter.Var.Name, low + k), "+=", new NameCode(carries[k]), marker))
                .ToImmutableArray();
            after.Add(new IfCode(new BinaryCode("!=", new NameCode(counter.Var.Name), marker.Entry), flush, ImmutableArray<CodeStmt>.Empty));
        }

        return (before, iteration, after);
    }

    /// <summary>
    /// The counter and the offsets when the buffer is only touched by top-level <c>buffer[counter + k] ±= v</c> with
    /// at least two distinct constant offsets k from one counter that steps by +1; otherwise null.
    /// </summary>
    private static (Cell Counter, List<int> Offsets)? Stencil(LoopInstr loop, List<CodeStmt> iteration, string buffer)
    {
        Cell? counter = null;
        var offsets = new HashSet<int>();
        foreach (var statement in iteration)
        {
            if (statement is ElementAssignCode { Op: "+=" or "-=" } element && element.Array == buffer)
            {
                if (element.Row is not null)
                {
                    return null; // a jagged buffer's rows are separate arrays: no window slides over them
                }

                var cell = loop.Cells.FirstOrDefault(c => c.Stride == 1 && Offset(element.Index, c.Var.Name) is not null);
                if (cell is null || (counter is not null && cell != counter) || IrQueries.Names(element.Value).Contains(buffer))
                {
                    return null;
                }

                counter = cell;
                offsets.Add(Offset(element.Index, cell.Var.Name)!.Value);
            }
            else if (Differentiator.Names(statement).Contains(buffer) || statement is DeclareCode { Value: { } value } && IrQueries.Names(value).Contains(buffer))
            {
                return null; // read, passed to a callee, or written inside a nested block
            }
        }

        return counter is not null && offsets.Count >= 2 && offsets.Max() - offsets.Min() <= MaxWindow ? (counter, offsets.OrderBy(o => o).ToList()) : null;
    }

    /// <summary>k when <paramref name="index"/> is <c>counter</c>, <c>counter + k</c> or <c>counter − k</c> (k an int literal).</summary>
    public static int? Offset(CodeExpr index, string counter)
        => index switch
        {
            NameCode n when n.Name == counter => 0,
            BinaryCode { Op: "+", Left: NameCode n, Right: LiteralCode l } when n.Name == counter && Int(l) is { } k => k,
            BinaryCode { Op: "+", Left: LiteralCode l, Right: NameCode n } when n.Name == counter && Int(l) is { } k => k,
            BinaryCode { Op: "-", Left: NameCode n, Right: LiteralCode l } when n.Name == counter && Int(l) is { } k => -k,
            _ => null,
        };

    private static int? Int(LiteralCode literal)
        => int.TryParse(literal.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var k) && k > -1000 && k < 1000 ? k : null;

    public static CodeExpr Index(string counter, int offset)
        => offset switch
        {
            0 => new NameCode(counter),
            > 0 => new BinaryCode("+", new NameCode(counter), new LiteralCode(offset.ToString(CultureInfo.InvariantCulture), offset)),
            _ => new BinaryCode("-", new NameCode(counter), new LiteralCode((-offset).ToString(CultureInfo.InvariantCulture), -offset)),
        };
}
