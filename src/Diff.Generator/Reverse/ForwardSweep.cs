using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// The forward sweep: the primal, one statement per operation, exactly as the primal evaluates it (so the value is
/// bit-for-bit the primal's). Values defined inside branches are declared at the top of their region (the method,
/// or one loop iteration), because the reverse sweep reads them after the branch has closed. A loop whose reverse
/// runs straight after it ("taped") pushes the cells its plan names at the start of every iteration; a loop nested
/// in another runs plain, since the outer loop's reverse recomputes it, taped, iteration by iteration.
/// </summary>
internal sealed class ForwardSweep
{
    private readonly IReadOnlyDictionary<string, LoopPlan> plans;
    private readonly string? tape;
    private readonly IReadOnlyDictionary<string, string> arrayGradients;

    private readonly IReadOnlyDictionary<string, FusedLoop> fused;
    private readonly NameAllocator names;

    public ForwardSweep(IReadOnlyDictionary<string, LoopPlan> plans, string? tape, IReadOnlyDictionary<string, string> arrayGradients, IReadOnlyDictionary<string, FusedLoop> fused, NameAllocator names)
    {
        this.plans = plans;
        this.tape = tape;
        this.arrayGradients = arrayGradients;
        this.fused = fused;
        this.names = names;
    }

    /// <summary>One region: its hoisted declarations first, then its statements.</summary>
    /// <param name="tapeLoops">Whether loops here are reversed straight after (so they record on the tape).</param>
    /// <param name="storeLog">When stores here belong to a taped loop iteration: the counter of its logged stores.</param>
    /// <param name="record">Values (defined at the top of this region) to push on the tape as soon as they are computed.</param>
    public List<CodeStmt> Region(IEnumerable<Instr> instrs, bool tapeLoops, string? storeLog = null, ISet<string>? record = null)
    {
        var hoisted = new List<CodeStmt>();
        var body = new List<CodeStmt>();
        Emit(instrs, body, hoisted, nested: false, tapeLoops, storeLog, record);
        return hoisted.Concat(body).ToList();
    }

    /// <summary>Gives the pooled buffers of the local arrays back (at the end of the pullback).</summary>
    public ImmutableArray<CodeStmt> Cleanup(IEnumerable<Instr> body)
        => body.OfType<ArrayInstr>()
            .SelectMany(a => Spans(a).Select(span => PooledBuffer.Return(a.Type.Element!, span)))
            .Concat(InBranches(body).SelectMany(a => Spans(a).Select(span => PooledBuffer.ReturnIfRented(a.Type.Element!, span))))
            .ToImmutableArray();

    /// <summary>Local arrays declared inside branches (rented only when their branch ran).</summary>
    private static IEnumerable<ArrayInstr> InBranches(IEnumerable<Instr> body)
        => body.OfType<IfInstr>().SelectMany(b => b.Then.Concat(b.Else)).SelectMany(i => i switch
        {
            ArrayInstr array => new[] { array },
            IfInstr nested => InBranches(new[] { nested }),
            _ => Enumerable.Empty<ArrayInstr>(),
        });

    /// <summary>The definitions of a branch's own level that are recorded, in order.</summary>
    private static List<SsaVar> RecordedIn(ImmutableArray<Instr> branch, ISet<string>? record)
        => record is null ? new List<SsaVar>() : branch.OfType<DefInstr>().Where(d => record.Contains(d.Target.Name)).Select(d => d.Target).ToList();

    /// <summary>Pushes a zero in the slot of a value the branch not taken would have recorded.</summary>
    private CodeStmt Placeholder(SsaVar value) => new ExpressionCode(Code.Call(tape + ".Push", Code.Literal0(value.Type)));

    /// <summary>A local array's span, and its gradient's when it has one.</summary>
    private IEnumerable<string> Spans(ArrayInstr array)
        => arrayGradients.TryGetValue(array.Array, out var gradient) ? new[] { array.Array, gradient } : new[] { array.Array };

    private void Emit(IEnumerable<Instr> instrs, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested, bool tapeLoops, string? storeLog, ISet<string>? record = null)
    {
        string? lastOrigin = null;
        foreach (var instr in instrs)
        {
            if (instr.Origin != lastOrigin)
            {
                output.Add(new CommentCode(instr.Origin));
                lastOrigin = instr.Origin;
            }

            switch (instr)
            {
                case DefInstr def:
                    if (def.Op is CallOp called)
                    {
                        for (var i = 0; i < called.Outs.Length; i++)
                        {
                            if (called.Outs[i] is { } written)
                            {
                                // Declared for the out argument; a ref argument starts at the value passed in.
                                Define(written, called.Callee.IsRef(i) ? Lowering.ToCode(called.Arguments[i]) : Code.Literal0(written.Type), output, hoisted, nested);
                            }
                        }
                    }

                    if (def.Op is CallOp { Writes.IsEmpty: false } writing)
                    {
                        // The arrays it writes start as copies of their destinations.
                        output.AddRange(writing.Writes.Select(CopyIn));
                    }

                    if (def.Op is CallOp { Callee.ReturnsVoid: true })
                    {
                        output.Add(new ExpressionCode(ValueOf(def))); // no value: only its out arguments
                        break;
                    }

                    Define(def.Target, ValueOf(def), output, hoisted, nested);
                    if (record?.Contains(def.Target.Name) == true)
                    {
                        output.Add(new ExpressionCode(Code.Call(tape + ".Push", new NameCode(def.Target.Name))));
                    }

                    break;
                case IfInstr branch:
                {
                    var whenTrue = new List<CodeStmt>();
                    var whenFalse = new List<CodeStmt>();
                    // Values recorded in one branch: the other pushes placeholders, so both push the same slots
                    // (then's, then else's) and the reverse pops them unconditionally.
                    var thenRecorded = RecordedIn(branch.Then, record);
                    var elseRecorded = RecordedIn(branch.Else, record);
                    whenFalse.AddRange(thenRecorded.Select(Placeholder));
                    Emit(branch.Then, whenTrue, hoisted, nested: true, tapeLoops, storeLog, record);
                    Emit(branch.Else, whenFalse, hoisted, nested: true, tapeLoops, storeLog, record);
                    whenTrue.AddRange(elseRecorded.Select(Placeholder));
                    foreach (var phi in branch.Phis)
                    {
                        hoisted.Add(new DeclareCode(phi.Target.Type, phi.Target.Name, Code.Literal0(phi.Target.Type)));
                        whenTrue.Add(new AssignCode(phi.Target.Name, "=", Lowering.ToCode(phi.FromThen)));
                        whenFalse.Add(new AssignCode(phi.Target.Name, "=", Lowering.ToCode(phi.FromElse)));
                    }

                    output.Add(new IfCode(Lowering.ToCode(branch.Condition), whenTrue.ToImmutableArray(), whenFalse.ToImmutableArray()));
                    lastOrigin = null;
                    break;
                }

                case LoopInstr loop:
                    EmitLoop(loop, output, hoisted, nested, tapeLoops, storeLog);
                    lastOrigin = null;
                    break;
                case ArrayInstr array:
                    EmitArray(array, output, nested ? hoisted : null);
                    break;
                case StoreInstr store:
                    EmitStore(store, output, hoisted, nested, storeLog);
                    break;
                case EffectInstr effect:
                    output.Add(effect.Throws ? new ThrowCode(effect.Code) : new ExpressionCode(effect.Code));
                    break;
            }
        }
    }

    /// <summary>A local array lives in a pooled buffer (zeroed like new T[n]); an active one gets a gradient buffer too.</summary>
    /// <remarks>
    /// One declared inside a branch (code after an early return runs in the else branch of its test) is declared
    /// empty at the top, where the reverse sweep sees it, and rented where the branch runs.
    /// </remarks>
    private void EmitArray(ArrayInstr array, List<CodeStmt> output, List<CodeStmt>? hoisted)
    {
        var element = array.Type.Element!;
        var length = array.Array + "_length";
        if (hoisted is null)
        {
            output.Add(new DeclareCode(TypeRef.Int, length, Lowering.ToCode(array.Length)));
        }
        else
        {
            hoisted.Add(new DeclareCode(TypeRef.Int, length, new LiteralCode("0", 0)));
            output.Add(new AssignCode(length, "=", Lowering.ToCode(array.Length)));
        }

        foreach (var span in Spans(array))
        {
            if (hoisted is null)
            {
                output.AddRange(PooledBuffer.Rent(element, span, new NameCode(length)));
            }
            else
            {
                hoisted.AddRange(PooledBuffer.DeclareEmpty(element, span));
                output.AddRange(PooledBuffer.RentInto(element, span, new NameCode(length)));
            }
        }
    }

    /// <summary>
    /// <c>a[i] = v</c>. Outside a taped loop the overwritten element is kept in a local for the reverse sweep to
    /// restore; inside one it goes on the tape with its index (and which array, when the loop writes several), and
    /// the iteration's store count grows, so the reverse sweep can undo the iteration before recomputing it.
    /// </summary>
    private void EmitStore(StoreInstr store, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested, string? storeLog)
    {
        var index = Lowering.ToCode(store.Index);
        var element = new IndexCode(new NameCode(store.Array), index);
        if (storeLog is null)
        {
            Define(new SsaVar(store.Saved, store.ElementType), element, output, hoisted, nested);
        }
        else if (storeLog == PushOverwritten)
        {
            output.Add(new ExpressionCode(Code.Call(tape + ".Push", element)));
        }
        else
        {
            output.Add(new ExpressionCode(Code.Call(tape + ".Push", element)));
            output.Add(new ExpressionCode(Code.Call(tape + ".Push", index)));
            if (StoreTags.TryGetValue(storeLog, out var tags) && tags.Count > 1)
            {
                output.Add(new ExpressionCode(Code.Call(tape + ".Push", new LiteralCode(tags.IndexOf(store.Array).ToString(System.Globalization.CultureInfo.InvariantCulture), null))));
            }

            output.Add(new AssignCode(storeLog, "+=", new LiteralCode("1", 1)));
        }

        output.Add(new ElementAssignCode(store.Array, index, "=", Lowering.ToCode(store.Value)));
    }

    /// <summary>
    /// The store log of a loop that records its nested loops (<see cref="LoopPlan.RecordsNested"/>): a store of its
    /// own level pushes only the element it overwrites, which the reverse pops where it restores the element.
    /// </summary>
    private const string PushOverwritten = "\0push overwritten";

    /// <summary>For each store counter, the arrays its loop writes, in tag order.</summary>
    private Dictionary<string, List<string>> StoreTags { get; } = new();

    /// <summary>The arrays a loop writes (nested loops included), sorted: their position is the tag on the tape.</summary>
    public static List<string> StoredArrays(IEnumerable<Instr> instrs)
        => IrQueries.Stores(instrs).Select(s => s.Array).Distinct().OrderBy(a => a, System.StringComparer.Ordinal).ToList();

    /// <summary>The name of a loop's per-iteration store counter.</summary>
    public static string StoreCounter(LoopInstr loop) => loop.Id + "_stores";

    private void EmitLoop(LoopInstr loop, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested, bool tapeLoops, string? storeLog)
    {
        if (fused.TryGetValue(loop.Id, out var fusion))
        {
            EmitFusedLoop(loop, fusion, output, hoisted, nested);
            return;
        }

        foreach (var cell in loop.Cells)
        {
            Define(cell.Var, Lowering.ToCode(cell.Entry), output, hoisted, nested);
        }

        if (OnlyCounts(loop))
        {
            // Nothing of the body is needed but how often it runs (a recomputation for the trip count of a nested
            // loop's reverse): the count in closed form, and the counters moved to where the loop leaves them.
            output.Add(new CommentCode("Only its iteration count is needed."));
            Define(new SsaVar(loop.Id, TypeRef.Int), loop.TripCount!, output, hoisted, nested);
            foreach (var cell in loop.Cells)
            {
                var stride = cell.Stride!.Value;
                CodeExpr steps = System.Math.Abs(stride) == 1 ? new NameCode(loop.Id) : new BinaryCode("*", new NameCode(loop.Id), new LiteralCode(System.Math.Abs(stride).ToString(System.Globalization.CultureInfo.InvariantCulture), System.Math.Abs(stride)));
                output.Add(new AssignCode(cell.Var.Name, stride > 0 ? "+=" : "-=", steps));
            }

            return;
        }

        Define(new SsaVar(loop.Id, TypeRef.Int), new LiteralCode("0", 0), output, hoisted, nested);

        var iteration = new List<CodeStmt>();
        var taped = tapeLoops && plans.ContainsKey(loop.Id);
        if (taped && plans[loop.Id].RecordsNested)
        {
            // Nested loops run taped; the end of the iteration (cells not yet moved on) pushes what the reverse pops first.
            var plan = plans[loop.Id];
            iteration.AddRange(Region(loop.Body, tapeLoops: true, PushOverwritten));
            iteration.AddRange(plan.Pushed.Concat(plan.Values).Select(v => new ExpressionCode(Code.Call(tape + ".Push", new NameCode(v.Name)))));
            iteration.AddRange(BackEdge(loop));
            iteration.Add(new AssignCode(loop.Id, "+=", new LiteralCode("1", 1)));
            output.Add(While(loop, iteration));
            return;
        }

        if (taped)
        {
            iteration.AddRange(plans[loop.Id].Pushed.Select(cell => new ExpressionCode(Code.Call(tape + ".Push", new NameCode(cell.Name)))));
        }

        // A taped loop that writes arrays logs its iteration's stores; a plain nested loop logs into the enclosing one's.
        var log = storeLog;
        if (taped && IrQueries.StoresIn(loop.Body))
        {
            log = StoreCounter(loop);
            StoreTags[log] = StoredArrays(loop.Body);
            iteration.Add(new DeclareCode(TypeRef.Int, log, new LiteralCode("0", 0)));
        }

        var record = taped ? new HashSet<string>(plans[loop.Id].Values.Select(v => v.Name)) : null;
        iteration.AddRange(Region(loop.Body, tapeLoops: false, log, record));
        iteration.AddRange(BackEdge(loop));
        if (log is not null && log != storeLog)
        {
            iteration.Add(new ExpressionCode(Code.Call(tape + ".Push", new NameCode(log))));
        }

        iteration.Add(new AssignCode(loop.Id, "+=", new LiteralCode("1", 1)));
        output.Add(While(loop, iteration));
    }

    /// <summary>
    /// Whether a loop with a closed-form trip count does nothing but step its counters (what is left of an inner
    /// loop once a recomputation has been sliced down to what the reverse reads).
    /// </summary>
    private static bool OnlyCounts(LoopInstr loop)
    {
        if (loop.TripCount is null || loop.ExitFlag is not null || loop.Footer is not null || loop.Cells.Any(c => c.Stride is null))
        {
            return false;
        }

        var steps = new HashSet<string>(loop.Cells.Select(c => c.Exit).OfType<VarOperand>().Select(v => v.Var.Name));
        return loop.Body.All(i => i is DefInstr def && steps.Contains(def.Target.Name));
    }

    /// <summary>
    /// A summing loop whose derivative runs inside it (see <see cref="LoopFusion"/>): the unit accumulators first,
    /// then in every iteration the body, with nested loops recorded since their reverse follows at once, and the
    /// body's derivative.
    /// </summary>
    private void EmitFusedLoop(LoopInstr loop, FusedLoop fusion, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested)
    {
        output.AddRange(fusion.Before);
        foreach (var cell in loop.Cells)
        {
            Define(cell.Var, Lowering.ToCode(cell.Entry), output, hoisted, nested);
        }

        var (preload, iteration, shift) = CarryLoads(loop, Region(loop.Body, tapeLoops: true));
        output.AddRange(preload);
        iteration.AddRange(fusion.Iteration);
        iteration.AddRange(shift);
        iteration.AddRange(BackEdge(loop));
        output.Add(While(loop, iteration));
        output.AddRange(fusion.After);
    }

    /// <summary>
    /// Loads carried from one iteration to the next: when every iteration loads both <c>a[c + k]</c> and
    /// <c>a[c + k + 1]</c> (c a counter stepping by +1, a not written in the loop), the first is what the previous
    /// iteration loaded as the second (Rosenbrock's x[i] and x[i + 1]). It is kept in a local instead of loaded again;
    /// the first iteration's comes from a load before the loop, made only if the loop runs (so no index is read that
    /// the loop would not read). Returns the code before the loop, the iteration, and what ends each iteration.
    /// </summary>
    private (List<CodeStmt> Before, List<CodeStmt> Iteration, List<CodeStmt> Shift) CarryLoads(LoopInstr loop, List<CodeStmt> iteration)
    {
        var before = new List<CodeStmt>();
        var shift = new List<CodeStmt>();
        if (loop.ExitFlag is not null || loop.Footer is not null || loop.Header is null)
        {
            return (before, iteration, shift);
        }

        var written = new HashSet<string>(IrQueries.Stores(loop.Body).Select(s => s.Array));
        var loads = iteration
            .Select((statement, position) => (statement, position))
            .Where(p => p.statement is DeclareCode { Value: IndexCode { Array: NameCode array } } && !written.Contains(array.Name))
            .Select(p => (p.position, Declare: (DeclareCode)p.statement, Load: (IndexCode)((DeclareCode)p.statement).Value!))
            .ToList();
        foreach (var counter in loop.Cells.Where(c => c.Stride == 1).Select(c => c.Var.Name))
        {
            var byOffset = loads
                .Select(l => (l.position, l.Declare, Array: ((NameCode)l.Load.Array).Name, Offset: StencilCarry.Offset(l.Load.Index, counter)))
                .Where(l => l.Offset is not null)
                .GroupBy(l => (l.Array, l.Offset!.Value))
                .ToDictionary(g => g.Key, g => g.First());
            foreach (var current in byOffset.Values.OrderBy(l => l.position).ToList())
            {
                if (!byOffset.TryGetValue((current.Array, current.Offset!.Value + 1), out var next) || current.Declare.Type != next.Declare.Type)
                {
                    continue;
                }

                var carry = names.Temp("_next_" + current.Array.TrimStart('_'));
                before.Add(new CommentCode($"'{current.Array}[{Element(counter, current.Offset.Value)}]' is what the previous iteration loaded as '{current.Array}[{Element(counter, current.Offset.Value + 1)}]': carried, not loaded again."));
                before.Add(new DeclareCode(current.Declare.Type, carry, Code.Literal0(current.Declare.Type)));
                before.Add(new IfCode(loop.Header, ImmutableArray.Create<CodeStmt>(new AssignCode(carry, "=", current.Declare.Value!)), ImmutableArray<CodeStmt>.Empty));
                iteration[current.position] = current.Declare with { Value = new NameCode(carry) };
                shift.Add(new AssignCode(carry, "=", new NameCode(next.Declare.Name)));
            }
        }

        return (before, iteration, shift);
    }

    private static string Element(string counter, int offset)
        => offset == 0 ? counter : counter + (offset > 0 ? " + " : " - ") + System.Math.Abs(offset).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The loop itself around one iteration's code: its header, and a break after a break/return or a failed footer.</summary>
    private static WhileCode While(LoopInstr loop, List<CodeStmt> iteration)
    {
        var breakOut = ImmutableArray.Create<CodeStmt>(new BreakCode());
        if (loop.ExitFlag is not null)
        {
            iteration.Add(new IfCode(Lowering.ToCode(loop.ExitFlag), breakOut, ImmutableArray<CodeStmt>.Empty));
        }

        if (loop.Footer is not null)
        {
            iteration.Add(new IfCode(new UnaryCode("!", loop.Footer), breakOut, ImmutableArray<CodeStmt>.Empty));
        }

        return new WhileCode(loop.Header ?? new LiteralCode("true", null), iteration.ToImmutableArray());
    }

    /// <summary>
    /// Each cell takes its exit value. The copies are simultaneous: when an exit value reads another cell, all exit
    /// values go through temporaries first (<c>(a, b) = (b, a)</c> must not become <c>a = b; b = a;</c>).
    /// </summary>
    private static IEnumerable<CodeStmt> BackEdge(LoopInstr loop)
    {
        var changing = loop.Cells.Where(c => !(c.Exit is VarOperand v && v.Var == c.Var)).ToList();
        var cellNames = new HashSet<string>(loop.Cells.Select(c => c.Var.Name));
        var readsCell = changing.Any(c => c.Exit is VarOperand v && cellNames.Contains(v.Var.Name) && v.Var != c.Var);
        if (!readsCell)
        {
            return changing.Select(c => (CodeStmt)new AssignCode(c.Var.Name, "=", Lowering.ToCode(c.Exit)));
        }

        var copies = new List<CodeStmt>();
        copies.AddRange(changing.Select(c => new DeclareCode(c.Var.Type, c.Var.Name + "_next", Lowering.ToCode(c.Exit))));
        copies.AddRange(changing.Select(c => new AssignCode(c.Var.Name, "=", new NameCode(c.Var.Name + "_next"))));
        return copies;
    }

    private static void Define(SsaVar target, CodeExpr value, List<CodeStmt> output, List<CodeStmt> hoisted, bool nested)
    {
        if (nested)
        {
            hoisted.Add(new DeclareCode(target.Type, target.Name, Code.Literal0(target.Type)));
            output.Add(new AssignCode(target.Name, "=", value));
        }
        else
        {
            output.Add(new DeclareCode(target.Type, target.Name, value));
        }
    }

    /// <summary><c>destination.Slice(start, length).CopyTo(scratch)</c>: a written array's scratch takes the destination's elements.</summary>
    public static CodeStmt CopyIn(ArrayWriteOperands write)
        => new ExpressionCode(new InstanceCallCode(write.Part(write.Destination), "CopyTo", ImmutableArray.Create<CodeExpr>(new NameCode(write.Scratch))));

    /// <summary>The right-hand side of a definition, spelled as the primal spelled the operation.</summary>
    private static CodeExpr ValueOf(DefInstr def)
        => def.Op switch
        {
            CopyOp copy => Lowering.ToCode(copy.Source),
            NegateOp negate => new UnaryCode("-", Lowering.ToCode(negate.Operand)),
            ArithmeticOp arithmetic => new BinaryCode(Lowering.BinaryText(arithmetic.Op), Lowering.ToCode(arithmetic.Left), Lowering.ToCode(arithmetic.Right)),
            ConvertOp convert => new CastCode(def.Target.Type.Name, Lowering.ToCode(convert.Source)),
            MathOp math => new CallCode(math.Target, math.Arguments.Select(Lowering.ToCode).ToImmutableArray()) { Rule = math.Rule, RuleType = def.Target.Type },
            CallOp call => call.Invoke(call.Callee.Target, call.Arguments.Select((a, i) => call.Outs.Length > i && call.Outs[i] is { } written
                ? call.Callee.IsRef(i) ? new RefArgumentCode(new NameCode(written.Name)) : new OutArgumentCode(new NameCode(written.Name))
                : Lowering.ToCode(a)).ToImmutableArray()),
            LoadOp load => new IndexCode(load.Source, Lowering.ToCode(load.Index)),
            PassiveOp passive => passive.Code,
            _ => throw new System.InvalidOperationException("Unexpected op " + def.Op.GetType().Name),
        };
}
