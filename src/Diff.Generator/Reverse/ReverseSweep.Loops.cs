using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

internal sealed partial class ReverseSweep
{
    /// <summary>
    /// A loop's iterations in reverse. Each one restores the cells to their values at the start of that iteration
    /// (counters recomputed, the rest popped from the tape), recomputes the forward values the body's reverse reads,
    /// hands each cell's adjoint to its exit value, and runs the body's reverse; what is left in a cell's adjoint
    /// after the last (first) iteration belongs to its entry value.
    /// </summary>
    private void DifferentiateLoop(LoopInstr loop, List<CodeStmt> output)
    {
        var reverse = new List<CodeStmt>();
        foreach (var cell in loop.Cells.Where(c => active.Contains(c.Var.Name)))
        {
            var g = new NameCode(AdjointName(cell.Var));
            if (cell.Exit is VarOperand { Var: var exit } && exit == cell.Var)
            {
                continue;
            }

            Accumulate(cell.Exit, g, reverse);
            reverse.Add(new AssignCode(g.Name, "=", Code.Literal0(AdjointType(cell.Var.Type))));
        }

        var recordsNested = RecordsNested(loop);
        var enclosingPops = popStores;
        popStores = recordsNested;
        Emit(loop.Body, reverse);
        popStores = enclosingPops;

        // What the reverse reads decides what the iteration must recompute, and that decides which cells it needs.
        var adjoints = new HashSet<string>(adjointOf.Values);
        var read = new HashSet<string>(reverse.SelectMany(Differentiator.Names).Where(n => !adjoints.Contains(n)));
        if (recordsNested)
        {
            DifferentiateRecordedLoop(loop, reverse, read, output);
            return;
        }

        var keepLoops = new HashSet<string>(KeptLoops(loop.Body));
        var logsStores = IrQueries.StoresIn(loop.Body);

        // Function results the reverse reads (tanh for tanh' = 1 − t², exp, a callee's value...) are recorded rather
        // than recomputed: a recomputation would call the function again and pull in everything it depends on (an
        // inner loop's dot product, say). Unconditional ones, and those directly in a branch of the body (the other
        // branch pushes a placeholder, so every iteration pushes the same slots: see ForwardSweep); only where no
        // array writes share the tape.
        var values = logsStores
            ? ImmutableArray<SsaVar>.Empty
            : RecordableValues(loop.Body).Where(d => read.Contains(d.Target.Name) && d.Op is MathOp { Rule.IsPiecewiseConstant: false } or CallOp { Outs.IsEmpty: true })
                .Select(d => d.Target)
                .ToImmutableArray();
        var recorded = new HashSet<string>(values.Select(v => v.Name));
        var body = WithoutRecorded(loop.Body, recorded);

        // Nested loops rerun taped in the recomputation must still compute (and push) the cells and values their plans record.
        var roots = read.Concat(AllLoops(loop.Body).Where(l => keepLoops.Contains(l.Id)).SelectMany(l => plans.TryGetValue(l.Id, out var plan) ? plan.Pushed.Concat(plan.Values).Select(v => v.Name) : Enumerable.Empty<string>()));
        var recompute = DeadCodeElimination.Slice(body, roots, keepLoops);
        var readByRecompute = DeadCodeElimination.Reads(recompute);
        var needed = loop.Cells.Where(c => read.Contains(c.Var.Name) || readByRecompute.Contains(c.Var.Name)).ToList();
        var pushed = needed.Where(c => c.Stride is null).Select(c => c.Var).ToImmutableArray();
        plans[loop.Id] = new LoopPlan(pushed, logsStores, values);

        var counter = names.Temp("_k");
        var iteration = new List<CodeStmt>();
        if (logsStores)
        {
            iteration.AddRange(UndoStores(loop));
        }

        foreach (var cell in needed.Where(c => c.Stride is not null))
        {
            // A counter: its value at the start of iteration k is its entry value + k·stride.
            var offset = cell.Stride == 1 ? (CodeExpr)new NameCode(counter) : new BinaryCode("*", new NameCode(counter), new LiteralCode(cell.Stride!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.Stride));
            iteration.Add(new AssignCode(cell.Var.Name, "=", new BinaryCode("+", Lowering.ToCode(cell.Entry), offset)));
        }

        foreach (var value in values.Reverse())
        {
            // Pushed after the cells, during the body: popped first.
            iteration.Add(new DeclareCode(value.Type, value.Name, value.Type.Name == "double" ? Code.Call(tape + ".Pop") : GenericMath.Convert(value.Type, Code.Call(tape + ".Pop"))));
        }

        foreach (var cell in pushed.Reverse())
        {
            iteration.Add(new AssignCode(cell.Name, "=", Pop(cell.Type)));
        }

        iteration.AddRange(Forward.Region(recompute, tapeLoops: true));

        // Adjoints of values defined in one iteration start at zero in every iteration.
        iteration.AddRange(IterationAdjoints(loop, reverse, out _, out _));

        iteration.AddRange(reverse);
        var loopReverse = new List<CodeStmt> { new ReverseForCode(counter, new BinaryCode("-", new NameCode(loop.Id), new LiteralCode("1", 1)), iteration.ToImmutableArray()) };
        foreach (var cell in loop.Cells.Where(c => active.Contains(c.Var.Name)))
        {
            Accumulate(cell.Entry, new NameCode(AdjointName(cell.Var)), loopReverse);
        }

        var usesTape = new[] { loop }.Concat(AllLoops(loop.Body)).Any(l => plans.TryGetValue(l.Id, out var plan) && (plan.Pushed.Length > 0 || plan.LogsStores || plan.Values.Length > 0));
        output.AddRange(ZeroAdjointSkip.Guard(method!, loop, loopReverse, loop.Cells.Where(c => active.Contains(c.Var.Name)).Select(c => (AdjointName(c.Var), AdjointType(c.Var.Type))).ToList(), usesTape));
    }

    /// <summary>The definitions of a body and of its branches' own level (not nested branches'), in the order they run: then before else.</summary>
    private static IEnumerable<DefInstr> RecordableValues(ImmutableArray<Instr> body)
        => body.SelectMany(i => i switch
        {
            DefInstr def => new[] { def },
            IfInstr branch => branch.Then.OfType<DefInstr>().Concat(branch.Else.OfType<DefInstr>()),
            _ => Enumerable.Empty<DefInstr>(),
        });

    /// <summary>The body without the recorded definitions (popped instead), at its level and in its branches.</summary>
    private static ImmutableArray<Instr> WithoutRecorded(ImmutableArray<Instr> body, ISet<string> recorded)
        => body.Where(i => !(i is DefInstr d && recorded.Contains(d.Target.Name)))
            .Select(i => i is IfInstr branch
                ? branch with
                {
                    Then = branch.Then.Where(t => !(t is DefInstr d && recorded.Contains(d.Target.Name))).ToImmutableArray(),
                    Else = branch.Else.Where(e => !(e is DefInstr d && recorded.Contains(d.Target.Name))).ToImmutableArray(),
                }
                : i)
            .ToImmutableArray();

    /// <summary>The next value on the tape, as a value of <paramref name="type"/>.</summary>
    private CodeExpr Pop(TypeRef type)
        => type.Name switch
        {
            "double" => Code.Call(tape + ".Pop"),
            "int" => Code.Call(tape + ".PopInt"),
            "bool" => Code.Call(tape + ".PopBool"),
            _ => GenericMath.Convert(type, Code.Call(tape + ".Pop")),
        };

    /// <summary>Whether the stores being reversed pop their overwritten element (their loop records its nested loops).</summary>
    private bool popStores;

    /// <summary>
    /// The nested loops a recomputation of an iteration must run: those with a reverse, and inside each of them that
    /// records its own nested loops, theirs (its forward runs them taped).
    /// </summary>
    private IEnumerable<string> KeptLoops(IEnumerable<Instr> body)
        => Nested(body).Where(HasActiveCode).SelectMany(l => new[] { l.Id }.Concat(plans.TryGetValue(l.Id, out var plan) && plan.RecordsNested ? KeptLoops(l.Body) : Enumerable.Empty<string>()));

    /// <summary>
    /// Whether a loop's iterations are recorded rather than recomputed (Tapenade's choice for nested loops): when its
    /// body holds a loop with a reverse of its own, recomputing an iteration would run that whole loop again, taped,
    /// on top of the forward sweep (and, one level up, again for every outer iteration); when it writes arrays,
    /// recomputing needs every write logged with its index and a count per iteration, undone before the
    /// recomputation and done again by it. Instead the forward runs the
    /// nested loops taped, every store of the loop's own level pushes the element it overwrites (the reverse pops it
    /// where it restores the element, so the arrays are at every point of the reverse as the forward left them there),
    /// and the end of each iteration pushes what the reverse of its own level reads: the cells, the nested loops'
    /// results and trip counts, and loads of the arrays the loop writes. Only the rest is recomputed, from the cells.
    /// Not applied when the recomputation would read an array the loop writes other than through a load or a call
    /// that can be recorded, when the loop declares local arrays, or when a call in it writes arrays.
    /// </summary>
    private bool RecordsNested(LoopInstr loop)
    {
        if (!(Nested(loop.Body).Any(HasActiveCode) || IrQueries.StoresIn(loop.Body)) || HasArraysOrCallWrites(loop.Body))
        {
            return false;
        }

        var written = new HashSet<string>(IrQueries.Stores(loop.Body).Select(s => s.Array));
        return OwnLevel(loop.Body).All(instr => instr switch
        {
            DefInstr { Op: LoadOp } => true,
            DefInstr { Op: CallOp { Outs.IsEmpty: true } } => true,
            DefInstr def => !IrQueries.Operands(def.Op).Any(o => Reads(o, written)),
            IfInstr branch => !Reads(branch.Condition, written) && !branch.Phis.Any(p => Reads(p.FromThen, written) || Reads(p.FromElse, written)),
            StoreInstr store => !Reads(store.Index, written) && !Reads(store.Value, written),
            _ => true,
        });
    }

    private static bool Reads(Operand operand, ISet<string> arrays)
        => operand is InlineOperand inline && IrQueries.Names(inline.Code).Any(arrays.Contains);

    private static bool HasArraysOrCallWrites(IEnumerable<Instr> instrs)
        => instrs.Any(i => i switch
        {
            ArrayInstr => true,
            DefInstr { Op: CallOp call } => !call.Writes.IsEmpty,
            IfInstr b => HasArraysOrCallWrites(b.Then) || HasArraysOrCallWrites(b.Else),
            LoopInstr l => HasArraysOrCallWrites(l.Body),
            _ => false,
        });

    /// <summary>The instructions of one iteration's own level: the body and its branches, not nested loops' bodies (the loops themselves are listed).</summary>
    private static IEnumerable<Instr> OwnLevel(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i is IfInstr b ? new[] { i }.Concat(OwnLevel(b.Then)).Concat(OwnLevel(b.Else)) : new[] { i });

    /// <summary>The instructions of one iteration's own level without its nested loops and stores: what a recorded iteration may recompute.</summary>
    private static ImmutableArray<Instr> WithoutLoopsAndStores(ImmutableArray<Instr> instrs, ISet<string> recorded)
        => instrs.Where(i => i is not LoopInstr and not StoreInstr and not EffectInstr && !(i is DefInstr d && recorded.Contains(d.Target.Name)))
            .Select(i => i is IfInstr b ? b with { Then = WithoutLoopsAndStores(b.Then, recorded), Else = WithoutLoopsAndStores(b.Else, recorded) } : i)
            .ToImmutableArray();

    /// <summary>
    /// The reverse of a loop whose iterations are recorded (see <see cref="RecordsNested"/>): each reverse iteration
    /// pops what the end of its forward iteration pushed, recomputes the rest of its own level from the cells (no
    /// nested loop runs again), and runs the body's reverse, whose nested loops pop what they recorded.
    /// </summary>
    private void DifferentiateRecordedLoop(LoopInstr loop, List<CodeStmt> reverse, HashSet<string> read, List<CodeStmt> output)
    {
        var written = new HashSet<string>(IrQueries.Stores(loop.Body).Select(s => s.Array));

        // What the nested loops define that is visible after them: their cells and trip counts.
        var nestedNames = new Dictionary<string, SsaVar>();
        foreach (var nested in Nested(loop.Body))
        {
            nestedNames[nested.Id] = new SsaVar(nested.Id, TypeRef.Int);
            foreach (var cell in nested.Cells)
            {
                nestedNames[cell.Var.Name] = cell.Var;
            }
        }

        // Recorded definitions: function values (as an ordinary loop records them) and loads of the arrays the loop
        // writes (at the start of a reverse iteration the arrays hold what the iteration's end left in them).
        var topLevel = new HashSet<Instr>(loop.Body);
        bool Recordable(DefInstr def)
            => (topLevel.Contains(def) && def.Op is MathOp { Rule.IsPiecewiseConstant: false } or CallOp { Outs.IsEmpty: true })
                || (def.Op is LoadOp or CallOp { Outs.IsEmpty: true } && IrQueries.Operands(def.Op).Any(o => Reads(o, written)));
        // The nested loops' results read outside their own reverses (those restore their own cells themselves), and
        // read inside another nested loop's reverse (a max found by one loop and read by the next one's reverse).
        var nestedIds = new HashSet<string>(Nested(loop.Body).Select(l => l.Id));
        var cellOwners = new Dictionary<string, string>();
        foreach (var nested in Nested(loop.Body))
        {
            foreach (var cell in nested.Cells)
            {
                cellOwners[cell.Var.Name] = nested.Id;
            }
        }

        var readOutside = new HashSet<string>(reverse.SelectMany(r => OutsideLoops(r, nestedIds, cellOwners)));

        // A counted nested loop (of this level, not in a branch) gets its trip count in closed form from its counters'
        // entry values, as the forward computed it, instead of recording it.
        var counted = loop.Body.OfType<LoopInstr>()
            .Where(l => readOutside.Contains(l.Id) && l.TripCount is not null && l.ExitFlag is null && l.Footer is null
                && l.Cells.Where(c => IrQueries.Names(l.TripCount).Contains(c.Var.Name)).All(c => c.Stride is not null))
            .ToList();
        IEnumerable<Cell> Counters(LoopInstr l) => l.Cells.Where(c => IrQueries.Names(l.TripCount!).Contains(c.Var.Name));
        var roots = new HashSet<string>(read.Concat(counted.SelectMany(l => IrQueries.Names(l.TripCount!).Concat(Counters(l).SelectMany(c => IrQueries.Names(Lowering.ToCode(c.Entry)))))));

        var candidates = OwnLevel(loop.Body).OfType<DefInstr>().Where(Recordable).ToList();
        var recompute = DeadCodeElimination.Slice(WithoutLoopsAndStores(loop.Body, new HashSet<string>(candidates.Select(d => d.Target.Name))), roots, new HashSet<string>());
        var readByRecompute = DeadCodeElimination.Reads(recompute);
        var values = candidates.Where(d => roots.Contains(d.Target.Name) || readByRecompute.Contains(d.Target.Name)).Select(d => d.Target).ToList();

        var neededNested = nestedNames.Values.Where(v => readOutside.Contains(v.Name) || readByRecompute.Contains(v.Name)).ToList();
        counted.RemoveAll(l => Counters(l).Any(c => neededNested.Contains(c.Var))); // its counters' final values are recorded
        var countedIds = new HashSet<string>(counted.Select(l => l.Id));
        var countedCells = new HashSet<string>(counted.SelectMany(Counters).Select(c => c.Var.Name));
        values.AddRange(neededNested.Where(v => !countedIds.Contains(v.Name)).OrderBy(v => v.Name, System.StringComparer.Ordinal));
        var recorded = new HashSet<string>(values.Select(v => v.Name).Concat(countedIds).Concat(countedCells));

        var needed = loop.Cells.Where(c => roots.Contains(c.Var.Name) || readByRecompute.Contains(c.Var.Name)).ToList();
        var pushed = needed.Where(c => c.Stride is null).Select(c => c.Var).ToImmutableArray();
        plans[loop.Id] = new LoopPlan(pushed, IrQueries.StoresIn(loop.Body), values.ToImmutableArray(), RecordsNested: true);

        var counter = names.Temp("_k");
        var iteration = new List<CodeStmt>();
        foreach (var cell in needed.Where(c => c.Stride is not null))
        {
            var offset = cell.Stride == 1 ? (CodeExpr)new NameCode(counter) : new BinaryCode("*", new NameCode(counter), new LiteralCode(cell.Stride!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), cell.Stride));
            iteration.Add(new AssignCode(cell.Var.Name, "=", new BinaryCode("+", Lowering.ToCode(cell.Entry), offset)));
        }

        foreach (var value in Enumerable.Reverse(values))
        {
            // Pushed after the cells, at the end of the iteration: popped first.
            iteration.Add(new DeclareCode(value.Type, value.Name, Pop(value.Type)));
        }

        foreach (var cell in pushed.Reverse())
        {
            iteration.Add(new AssignCode(cell.Name, "=", Pop(cell.Type)));
        }

        // The other cells of nested loops that their reverses assign are declared here (no recomputation does).
        var referenced = new HashSet<string>(reverse.SelectMany(Differentiator.Names));
        foreach (var other in nestedNames.Values.Where(v => !recorded.Contains(v.Name) && referenced.Contains(v.Name)).OrderBy(v => v.Name, System.StringComparer.Ordinal))
        {
            iteration.Add(new DeclareCode(other.Type, other.Name, Code.Literal0(other.Type)));
        }

        iteration.AddRange(Forward.Region(recompute, tapeLoops: true));
        foreach (var nested in counted)
        {
            iteration.Add(new CommentCode("Only its iteration count is needed."));
            iteration.AddRange(Counters(nested).Select(c => new DeclareCode(c.Var.Type, c.Var.Name, Lowering.ToCode(c.Entry))));
            iteration.Add(new DeclareCode(TypeRef.Int, nested.Id, nested.TripCount!));
        }

        iteration.AddRange(IterationAdjoints(loop, reverse, out _, out _));
        iteration.AddRange(reverse);
        var loopReverse = new List<CodeStmt> { new ReverseForCode(counter, new BinaryCode("-", new NameCode(loop.Id), new LiteralCode("1", 1)), iteration.ToImmutableArray()) };
        foreach (var cell in loop.Cells.Where(c => active.Contains(c.Var.Name)))
        {
            Accumulate(cell.Entry, new NameCode(AdjointName(cell.Var)), loopReverse);
        }

        var usesTape = new[] { loop }.Concat(AllLoops(loop.Body)).Any(l => plans.TryGetValue(l.Id, out var plan) && (plan.Pushed.Length > 0 || plan.LogsStores || plan.Values.Length > 0));
        output.AddRange(ZeroAdjointSkip.Guard(method!, loop, loopReverse, loop.Cells.Where(c => active.Contains(c.Var.Name)).Select(c => (AdjointName(c.Var), AdjointType(c.Var.Type))).ToList(), usesTape));
    }

    /// <summary>
    /// The names a reverse statement reads, where a nested loop's reverse counts for its trip count and for the cells
    /// of the other nested loops it reads (<paramref name="cellOwners"/>: a nested loop's cell → that loop's id).
    /// </summary>
    private static IEnumerable<string> OutsideLoops(CodeStmt statement, ISet<string> loopIds, IReadOnlyDictionary<string, string> cellOwners)
    {
        switch (statement)
        {
            case ReverseForCode loop when IrQueries.Names(loop.From).FirstOrDefault(loopIds.Contains) is { } id:
                return IrQueries.Names(loop.From).Concat(Differentiator.Names(loop).Where(n => cellOwners.TryGetValue(n, out var owner) && owner != id));
            case IfCode branch:
                return IrQueries.Names(branch.Condition).Concat(branch.Then.SelectMany(s => OutsideLoops(s, loopIds, cellOwners))).Concat(branch.Else.SelectMany(s => OutsideLoops(s, loopIds, cellOwners)));
            default:
                return Differentiator.Names(statement);
        }
    }

    /// <summary>
    /// Undoes one iteration's array writes, newest first, from the tape (old value, index and, when the loop writes
    /// several arrays, which one), so that the iteration can be recomputed from the state it started in.
    /// </summary>
    private IEnumerable<CodeStmt> UndoStores(LoopInstr loop)
    {
        var count = names.Temp("_undo");
        var index = names.Temp("_index");
        var arrays = ForwardSweep.StoredArrays(loop.Body);
        var elementTypes = IrQueries.Stores(loop.Body).GroupBy(s => s.Array).ToDictionary(g => g.Key, g => g.First().ElementType);
        yield return new DeclareCode(TypeRef.Int, count, Code.Call(tape + ".PopInt"));
        var body = new List<CodeStmt>();
        CodeExpr? tag = null;
        if (arrays.Count > 1)
        {
            var tagName = names.Temp("_array");
            body.Add(new DeclareCode(TypeRef.Int, tagName, Code.Call(tape + ".PopInt")));
            tag = new NameCode(tagName);
        }

        body.Add(new DeclareCode(TypeRef.Int, index, Code.Call(tape + ".PopInt")));
        var old = names.Temp("_old");
        body.Add(new DeclareCode(TypeRef.Double, old, Code.Call(tape + ".Pop")));
        for (var i = arrays.Count - 1; i >= 0; i--)
        {
            CodeExpr value = elementTypes[arrays[i]].Name == "double" ? new NameCode(old) : GenericMath.Convert(elementTypes[arrays[i]], new NameCode(old));
            var restore = new ElementAssignCode(arrays[i], new NameCode(index), "=", value);
            if (tag is null)
            {
                body.Add(restore);
            }
            else
            {
                body.Add(new IfCode(new BinaryCode("==", tag, new LiteralCode(i.ToString(System.Globalization.CultureInfo.InvariantCulture), i)), ImmutableArray.Create<CodeStmt>(restore), ImmutableArray<CodeStmt>.Empty));
            }
        }

        body.Add(new AssignCode(count, "-=", new LiteralCode("1", 1)));
        yield return new WhileCode(new BinaryCode(">", new NameCode(count), new LiteralCode("0", 0)), body.ToImmutableArray());
    }

    /// <summary>
    /// Declarations (= 0) of the adjoints of values one iteration defines, those the iteration's reverse code uses:
    /// they start from zero in every iteration. Also gives the iteration-local adjoints and every name the code reads.
    /// </summary>
    private List<CodeStmt> IterationAdjoints(LoopInstr loop, List<CodeStmt> reverse, out HashSet<string> local, out HashSet<string> referenced)
    {
        local = new HashSet<string>(DefinedIn(loop.Body).Where(v => active.Contains(v.Name) && adjointOf.ContainsKey(v.Name)).Select(v => adjointOf[v.Name]));
        referenced = new HashSet<string>(reverse.SelectMany(Differentiator.Names));
        return local.Where(referenced.Contains).OrderBy(n => n, System.StringComparer.Ordinal)
            .Select(n => (CodeStmt)new DeclareCode(AdjointTypes[n], n, Code.Literal0(AdjointTypes[n]))).ToList();
    }

    /// <summary>Every SSA value defined in one iteration of a loop body (not inside nested loops, except their cells).</summary>
    private static IEnumerable<SsaVar> DefinedIn(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i switch
        {
            DefInstr { Op: CallOp call } d => new[] { d.Target }.Concat(call.Defined),
            DefInstr d => new[] { d.Target },
            IfInstr b => DefinedIn(b.Then).Concat(DefinedIn(b.Else)).Concat(b.Phis.Select(p => p.Target)),
            LoopInstr l => l.Cells.Select(c => c.Var),
            _ => Enumerable.Empty<SsaVar>(),
        });

    /// <summary>Every loop in the instructions, nested ones included.</summary>
    private static IEnumerable<LoopInstr> AllLoops(IEnumerable<Instr> instrs)
        => Nested(instrs).SelectMany(l => new[] { l }.Concat(AllLoops(l.Body)));

    private static IEnumerable<LoopInstr> Nested(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i switch
        {
            LoopInstr l => new[] { l },
            IfInstr b => Nested(b.Then).Concat(Nested(b.Else)),
            _ => Enumerable.Empty<LoopInstr>(),
        });

    /// <summary>
    /// A summing loop (see <see cref="LoopFusion"/>): each iteration's derivative, with seed 1, goes into unit
    /// accumulators inside the forward loop; here they are scaled by the adjoint of the final sum.
    /// </summary>
    private void DifferentiateFusedLoop(LoopInstr loop, Cell accumulator, List<CodeStmt> output, IReadOnlyList<Instr> tail, string? seedOfEnclosing = null)
    {
        var exit = ((VarOperand)accumulator.Exit).Var;
        var sumAdjoint = AdjointName(accumulator.Var);
        var type = AdjointType(exit.Type);

        // When the sum's adjoint is known before the loop (the code after it is linear in the sum), the iterations
        // run their derivative with it and add straight into the gradient buffers. (Not when code after the loop
        // writes array elements: the reverse of a write takes the element's adjoint as it is at that point.)
        var before = new List<CodeStmt>();
        var seedCode = seedOfEnclosing is not null || IrQueries.StoresIn(tail) || hasOutputSeeds ? null : LoopFusion.SeedBeforeLoop(loop, accumulator.Var, tail, returned!, returnedSeed!);
        var through = LoopFusion.SumThrough(loop, accumulator, active);
        if (through is not null && seedCode is null && seedOfEnclosing is null)
        {
            // The sum goes on through a nested loop, which is fused only with a seed known before the loops.
            DifferentiateLoop(loop, output);
            return;
        }

        var early = seedOfEnclosing ?? (seedCode is null ? null : names.Derived(sumAdjoint + "_seed"));
        if (early is not null && seedOfEnclosing is null)
        {
            before.Add(new CommentCode("The result is linear in the sum: its adjoint is known before the loop, so each iteration's derivative goes straight into the gradients."));
            before.Add(new DeclareCode(type, early, seedCode!));
        }

        var body = new List<CodeStmt> { new AssignCode(AdjointName(exit), "+=", early is null ? Code.Literal(type, 1) : new NameCode(early)) };
        var enclosingThrough = sumThrough;
        sumThrough = through is null ? null : (through, early!);
        Emit(loop.Body, body);
        sumThrough = enclosingThrough;

        // The sum's own adjoint passes through unchanged: drop the body's contribution to it.
        body.RemoveAll(b => b is AssignCode a && a.Name == sumAdjoint);

        var iteration = new List<CodeStmt> { new CommentCode(early is null ? "The derivative of this iteration's term, with seed 1." : "The derivative of this iteration's term, with the sum's adjoint as its seed.") };
        iteration.AddRange(IterationAdjoints(loop, body, out var local, out var referenced));

        // Everything the body adds into from outside (earlier values' adjoints, gradient buffers) goes to a unit
        // accumulator (already scaled, with the early seed), except parameters' gradient buffers with the early seed.
        var outerScalars = referenced.Where(n => AdjointTypes.ContainsKey(n) && !local.Contains(n) && n != sumAdjoint).OrderBy(n => n, System.StringComparer.Ordinal).ToList();
        var buffers = early is not null
            ? new List<KeyValuePair<string, string>>()
            : arrayGradients.Where(g => referenced.Contains(g.Value)).OrderBy(g => g.Key, System.StringComparer.Ordinal).ToList();
        // Each gradient buffer the body adds into (directly, or through a callee's pullback) gets one unit buffer.
        // (One per distinct index, to break the store-to-load chain of Rosenbrock's x[i] / x[i + 1], was measured
        // slower: the extra clearing and adding cost more than the chain.)
        var units = outerScalars.Concat(buffers.Select(b => b.Value)).ToDictionary(n => n, n => early is null ? UnitName(n) : names.Derived(n + "_loop"));
        iteration.AddRange(body.Select(b => CodeRename.Rename(b, n => units.TryGetValue(n, out var u) ? u : n)));

        foreach (var scalar in outerScalars)
        {
            before.Add(new DeclareCode(AdjointTypes[scalar], units[scalar], Code.Literal0(AdjointTypes[scalar])));
        }

        var g = new NameCode(sumAdjoint);
        foreach (var scalar in outerScalars)
        {
            output.Add(new AssignCode(scalar, "+=", early is null ? Code.Binary("*", g, new NameCode(units[scalar])) : new NameCode(units[scalar])));
        }

        foreach (var buffer in buffers)
        {
            var (array, gradient) = (buffer.Key, buffer.Value);
            var element = ElementTypeOf(array);
            var length = new MemberCode(new NameCode(gradient), "Length");
            var unit = units[gradient];
            before.AddRange(PooledBuffer.Rent(element, unit, length));
            output.Add(new ExpressionCode(Code.Call("global::DiffGen.Generated.GradientKernels.AddScaled", new NameCode(gradient), ToElement(g, element), new NameCode(unit))));
            output.Add(PooledBuffer.Return(element, unit));
        }

        // Buffers added into at fixed offsets from the counter carry their elements in locals between iterations.
        var bufferElements = arrayGradients.Where(b => referenced.Contains(b.Value)).ToDictionary(b => units.TryGetValue(b.Value, out var u) ? u : b.Value, b => ElementTypeOf(b.Key));
        var (carryBefore, carried, after) = StencilCarry.Apply(loop, iteration, bufferElements, names);
        before.AddRange(carryBefore);

        Accumulate(accumulator.Entry, g, output);
        fused[loop.Id] = new FusedLoop(before.ToImmutableArray(), carried.ToImmutableArray(), after.ToImmutableArray());
    }

    /// <summary>While a fused loop's body is reversed: the nested loop's cell its sum is carried through, and the sum's seed.</summary>
    private (Cell Cell, string Seed)? sumThrough;

    private TypeRef ElementTypeOf(string array) => arrayElements.TryGetValue(array, out var t) ? t : TypeRef.Double;

    private string UnitName(string adjoint) => names.Derived("_unit" + (adjoint.StartsWith("_d_", System.StringComparison.Ordinal) ? adjoint.Substring(2) : "_" + adjoint));
}
