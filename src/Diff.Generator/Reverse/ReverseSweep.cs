using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;

namespace DiffGen.Generator.Reverse;

/// <summary>
/// The reverse sweep: the active definitions in reverse order, each adding its adjoint times its local partial
/// derivatives to its inputs' adjoints (<c>_d_name</c>). Partials read the forward values directly (SSA: nothing was
/// overwritten), branches replay the forward decision kept in their condition local.
/// </summary>
internal sealed partial class ReverseSweep
{
    private readonly HashSet<string> active;
    private readonly NameAllocator names;
    private readonly TypeRef returnType;
    private readonly IReadOnlyDictionary<string, string> arrayGradients;
    private readonly Dictionary<string, string> adjointOf = new();
    private readonly Dictionary<string, LoopPlan> plans = new();
    private readonly string tape;

    /// <param name="arrayGradients">Each active array or span parameter's gradient buffer, by parameter name.</param>
    private readonly IReadOnlyDictionary<string, TypeRef> arrayElements;

    /// <param name="arrayElements">The element type of every array, parameter or local, by name.</param>
    public ReverseSweep(HashSet<string> active, NameAllocator names, TypeRef returnType, IReadOnlyDictionary<string, string> arrayGradients, IReadOnlyDictionary<string, TypeRef> arrayElements)
    {
        this.active = active;
        this.names = names;
        this.returnType = returnType;
        this.arrayGradients = arrayGradients;
        this.arrayElements = arrayElements;
        tape = names.Derived("_tape");
    }

    /// <summary>What each loop's forward sweep must record, by loop id; known once <see cref="Build"/> has run.</summary>
    public IReadOnlyDictionary<string, LoopPlan> Plans => plans;

    /// <summary>The tape local, when some loop records on it.</summary>
    public string? TapeName => plans.Values.Any(p => p.Pushed.Length > 0 || p.LogsStores || p.Values.Length > 0) ? tape : null;

    /// <summary>The forward sweep matching this reverse sweep's loop plans.</summary>
    public ForwardSweep Forward => new(plans, tape, arrayGradients, fused, names);

    private readonly Dictionary<string, FusedLoop> fused = new();

    /// <summary>
    /// The precision an adjoint is kept in: the value's own, except that a method returning double keeps every
    /// adjoint in double, so a value passing through a float local does not round its gradient to float.
    /// </summary>
    public TypeRef AdjointType(TypeRef valueType)
        => returnType.Kind == ValueKind.Double && valueType.Kind == ValueKind.Float ? TypeRef.Double : valueType;

    /// <summary>The type of every adjoint local created, by name.</summary>
    public Dictionary<string, TypeRef> AdjointTypes { get; } = new();

    public string AdjointName(SsaVar v)
    {
        if (!adjointOf.TryGetValue(v.Name, out var name))
        {
            name = names.Derived("_d_" + v.Name);
            adjointOf[v.Name] = name;
            AdjointTypes[name] = AdjointType(v.Type);
        }

        return name;
    }

    public bool HasAdjoint(string variable) => adjointOf.ContainsKey(variable);

    /// <summary>The operand the method returns and the seed of its adjoint (set by <see cref="Build"/>).</summary>
    private Operand? returned;

    /// <summary>The method being differentiated (set by <see cref="Build"/>).</summary>
    private IrMethod? method;

    /// <summary>Out parameters seed adjoints too: a sum's adjoint is then not known from the return value alone.</summary>
    private bool hasOutputSeeds;
    private CodeExpr? returnedSeed;

    public List<CodeStmt> Build(IrMethod method, CodeExpr seed, string resultOrigin)
    {
        var output = new List<CodeStmt>();
        if (method.Result is VarOperand result && active.Contains(result.Var.Name))
        {
            output.Add(new CommentCode(resultOrigin));
            output.Add(new AssignCode(AdjointName(result.Var), "+=", seed));
        }

        var outputs = method.Outputs.Where(o => o.Parameter.IsActiveOutput && o.Value is VarOperand v && active.Contains(v.Var.Name)).ToList();
        if (outputs.Count > 0)
        {
            output.Add(new CommentCode("Each active out parameter's adjoint starts at its seed."));
            foreach (var (parameter, value) in outputs)
            {
                output.Add(new AssignCode(AdjointName(((VarOperand)value).Var), "+=", new NameCode(parameter.SeedName)));
            }
        }

        foreach (var written in method.Model.ArrayOutputs)
        {
            if (arrayGradients.TryGetValue(written.Local, out var gradient)
                && method.Model.Parameters.FirstOrDefault(p => p.Name == written.Parameter) is { IsActiveOutput: true } parameter)
            {
                // An array output's elements start with their seeds (an empty seed span: none, as Grad passes).
                output.Add(new CommentCode("The adjoints of the final elements of '" + written.Parameter + "' start at its seed."));
                output.Add(AddElements(parameter.SeedName, gradient, offset: null));
            }
        }

        this.method = method;
        returned = method.Result;
        returnedSeed = seed;
        hasOutputSeeds = method.Model.Parameters.Any(p => p.IsActiveOutput);
        Emit(method.Body, output, topLevel: true);
        return output;
    }

    private void Emit(IReadOnlyList<Instr> instrs, List<CodeStmt> output, bool topLevel = false)
    {
        string? lastOrigin = null;
        for (var i = instrs.Count - 1; i >= 0; i--)
        {
            var instr = instrs[i];
            var code = new List<CodeStmt>();
            switch (instr)
            {
                case StoreInstr store:
                {
                    var index = Lowering.ToCode(store.Index);
                    if (popStores)
                    {
                        // Its loop's forward pushed the element it overwrote; nothing between then and now is left on the tape.
                        code.Add(new DeclareCode(store.ElementType, store.Saved, Pop(store.ElementType)));
                    }

                    code.Add(new ElementAssignCode(store.Array, index, "=", new NameCode(store.Saved)));
                    if (arrayGradients.TryGetValue(store.Array, out var gradient))
                    {
                        // The stored value receives the element's adjoint; the element before the store had none.
                        var g = names.Temp("_d_stored");
                        var type = AdjointType(store.ElementType);
                        code.Add(new DeclareCode(type, g, new IndexCode(new NameCode(gradient), index)));
                        code.Add(new ElementAssignCode(gradient, index, "=", Code.Literal0(store.ElementType)));
                        Accumulate(store.Value, new NameCode(g), code);
                    }

                    break;
                }

                case DefInstr def when IsActiveDefinition(def):
                    Differentiate(def, code);
                    if (topLevel && code.Count > 0 && UsedOnlyInBranches(def, instrs, i, method!))
                    {
                        var adjoint = new NameCode(AdjointName(def.Target));
                        code = new List<CodeStmt> { new IfCode(Code.Binary("!=", adjoint, Code.Literal0(AdjointType(def.Target.Type))), code.ToImmutableArray(), ImmutableArray<CodeStmt>.Empty) };
                    }

                    break;
                case LoopInstr loop when topLevel && HasActiveCode(loop) && LoopFusion.Accumulator(loop, active) is { } accumulator:
                    DifferentiateFusedLoop(loop, accumulator, code, instrs.Skip(i + 1).ToList());
                    break;
                case LoopInstr loop when sumThrough is { } through && loop.Cells.Contains(through.Cell):
                    // The sum of the enclosing fused loop carried through this one: fused too, with the sum's seed.
                    sumThrough = null;
                    DifferentiateFusedLoop(loop, through.Cell, code, instrs.Skip(i + 1).ToList(), through.Seed);
                    break;
                case LoopInstr loop when HasActiveCode(loop):
                    DifferentiateLoop(loop, code);
                    break;
                case IfInstr branch when HasActiveCode(branch):
                {
                    var whenTrue = new List<CodeStmt>();
                    var whenFalse = new List<CodeStmt>();
                    foreach (var phi in branch.Phis.Where(p => active.Contains(p.Target.Name)))
                    {
                        var g = new NameCode(AdjointName(phi.Target));
                        Accumulate(phi.FromThen, g, whenTrue);
                        Accumulate(phi.FromElse, g, whenFalse);
                    }

                    Emit(branch.Then, whenTrue);
                    Emit(branch.Else, whenFalse);
                    code.Add(new IfCode(Lowering.ToCode(branch.Condition), whenTrue.ToImmutableArray(), whenFalse.ToImmutableArray()));
                    break;
                }
            }

            if (code.Count == 0)
            {
                continue;
            }

            if (instr.Origin != lastOrigin)
            {
                output.Add(new CommentCode(instr.Origin));
                lastOrigin = instr.Origin;
            }

            output.AddRange(code);
            if (instr is IfInstr or LoopInstr)
            {
                lastOrigin = null;
            }
        }
    }

    private bool HasActiveCode(Instr instr)
        => instr switch
        {
            DefInstr d => IsActiveDefinition(d),
            IfInstr branch => branch.Phis.Any(p => active.Contains(p.Target.Name)) || branch.Then.Concat(branch.Else).Any(HasActiveCode),
            LoopInstr loop => loop.Cells.Any(c => active.Contains(c.Var.Name)) || loop.Body.Any(HasActiveCode),
            StoreInstr => true, // always undone, so that earlier code's recomputation reads what it read forward
            _ => false,
        };

    /// <summary>A definition whose value, or (a call) one of whose out results, has an adjoint.</summary>
    private bool IsActiveDefinition(DefInstr def)
        => active.Contains(def.Target.Name)
            || (def.Op is CallOp call && (call.Defined.Any(o => active.Contains(o.Name)) || call.Writes.Any(w => active.Contains(w.Scratch))));

    private void Differentiate(DefInstr def, List<CodeStmt> output)
    {
        var type = def.Target.Type;
        var g = new NameCode(AdjointName(def.Target));
        var value = new NameCode(def.Target.Name);
        switch (def.Op)
        {
            case CopyOp copy:
                Accumulate(copy.Source, g, output);
                break;
            case NegateOp negate:
                Accumulate(negate.Operand, Code.Negate(g), output);
                break;
            case ConvertOp convert:
            {
                var sourceAdjoint = AdjointType(convert.Source.Type);
                Accumulate(convert.Source, sourceAdjoint == AdjointType(type) ? g : new CastCode(sourceAdjoint.Name, g), output);
                break;
            }

            case ArithmeticOp arithmetic:
                DifferentiateArithmetic(arithmetic, g, value, type, output);
                break;
            case MathOp math:
            {
                var context = new RuleContext(type, math.Arguments.Select(Lowering.ToCode).ToList(), value);
                for (var i = 0; i < math.Arguments.Count(); i++)
                {
                    if (IsActive(math.Arguments[i]) && math.Rule.Partial(context, i) is { } partial)
                    {
                        Accumulate(math.Arguments[i], Code.Scale(g, partial, type), output);
                    }
                }

                break;
            }

            case CallOp call when !active.Contains(def.Target.Name):
                // Only the arrays it writes (or its out results) carry adjoints: the value's seed is zero.
                DifferentiateCall(call, Code.Literal0(type), output);
                break;
            case CallOp call:
                DifferentiateCall(call, AdjointType(type) == type ? g : new CastCode(type.Name, g), output);
                break;
            case LoadOp load when arrayGradients.TryGetValue(load.Array, out var gradient):
                // A jagged array's element goes into its row of the gradient: drows[i][j].
                output.Add(new ElementAssignCode(gradient, Lowering.ToCode(load.Index), "+=", ToElement(g, type)) { Row = load.Row is null ? null : Lowering.ToCode(load.Row) });
                break;
        }
    }

    /// <summary>The adjoints of + − × ÷ %, from the rule table (<see cref="ArithmeticRules"/>).</summary>
    private void DifferentiateArithmetic(ArithmeticOp op, CodeExpr g, CodeExpr value, TypeRef type, List<CodeStmt> output)
    {
        var (toLeft, toRight) = ArithmeticRules.Adjoints(op.Op, Lowering.ToCode(op.Left), Lowering.ToCode(op.Right), g, value, type, IsActive(op.Left) && IsActive(op.Right), shared =>
        {
            var quotient = names.Temp("_d_quotient");
            output.Add(new DeclareCode(AdjointType(type), quotient, shared));
            return new NameCode(quotient);
        });
        if (toLeft is not null)
        {
            Accumulate(op.Left, toLeft, output);
        }

        if (toRight is not null)
        {
            Accumulate(op.Right, toRight, output);
        }
    }

    private void DifferentiateCall(CallOp call, CodeExpr g, List<CodeStmt> output)
    {
        // The pullback recomputes the out results (discarded here) and takes each differentiated one's adjoint as a seed.
        var arguments = call.Arguments.Select((a, i) => call.Callee.IsOut(i) ? new OutArgumentCode(null) : Lowering.ToCode(a)).ToList();
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (call.Callee.IsRef(i))
            {
                // The pullback runs the callee again, which updates its ref argument: give it a copy of the value passed in.
                var copy = names.Temp("_ref");
                output.Add(new DeclareCode(call.Arguments[i].Type, copy, Lowering.ToCode(call.Arguments[i])));
                arguments[i] = new RefArgumentCode(new NameCode(copy));
            }
        }

        // The arrays the callee writes: their scratch copies hold the destinations' elements again (the caller's
        // reverse has restored those), as when the call was made; the pullback writes them as the call did.
        var writes = call.Writes.ToDictionary(w => w.Argument);
        output.AddRange(call.Writes.Select(ForwardSweep.CopyIn));

        var widened = new List<(Operand Argument, string Scratch)>();
        var scratchBuffers = new List<(TypeRef Element, string Span)>();
        var lent = new HashSet<string>();
        var addBacks = new List<CodeStmt>();
        if (!call.Callee.ReturnsVoid)
        {
            arguments.Add(g);
        }

        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (call.Callee.IsActiveOut(i) && writes.TryGetValue(i, out var arrayWrite))
            {
                // The scratch's final elements' adjoints (gathered by the copy back), or none.
                arguments.Add(arrayGradients.TryGetValue(arrayWrite.Scratch, out var scratchGradient) ? new NameCode(scratchGradient) : new LiteralCode("default", null));
                continue;
            }

            if (call.Callee.IsActiveOut(i))
            {
                var written = call.Outs.Length > i ? call.Outs[i] : null;
                var outType = call.Arguments[i].Type;
                arguments.Add(written is not null && active.Contains(written.Name)
                    ? AdjointType(outType) == outType ? new NameCode(AdjointName(written)) : new CastCode(outType.Name, new NameCode(AdjointName(written)))
                    : Code.Literal0(outType));
            }
        }

        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (!call.Callee.ActiveParameters[i])
            {
                continue;
            }

            var parameterType = call.Arguments[i].Type;
            if (call.Arguments[i] is InlineOperand { Code: NameCode passedStruct }
                && method!.Model.Parameters.FirstOrDefault(p => p.Name == passedStruct.Name) is { IsStruct: true, IsActive: true } structParameter)
            {
                // An active struct parameter passed whole: the callee's pullback adds into its gradient directly.
                arguments.Add(new RefArgumentCode(new NameCode(structParameter.GradientName)));
                continue;
            }

            if (writes.TryGetValue(i, out var write))
            {
                // The entry elements' adjoints go into the destination's part of its gradient buffer.
                if (arrayGradients.TryGetValue(write.Destination, out var destinationGradient))
                {
                    arguments.Add(write.Part(destinationGradient));
                }
                else
                {
                    var scratch = names.Temp("_d_scratch");
                    output.AddRange(PooledBuffer.Rent(parameterType.Element!, scratch, Lowering.ToCode(write.Length)));
                    arguments.Add(new NameCode(scratch));
                    scratchBuffers.Add((parameterType.Element!, scratch));
                }

                continue;
            }

            if (parameterType.IsArray)
            {
                if (IrQueries.ArrayName(call.Arguments[i]) is { } aliased && arrayGradients.TryGetValue(aliased, out var aliasedGradient) && !lent.Add(aliasedGradient))
                {
                    // The same array again (Dot(v, v), two rows of one matrix): the callee's gradient buffers must not
                    // alias, so this one gets a scratch buffer, added into its part of the gradient after the call.
                    var scratch = names.Temp("_d_alias");
                    output.AddRange(PooledBuffer.Rent(parameterType.Element!, scratch, LengthOf(call.Arguments[i])));
                    arguments.Add(new NameCode(scratch));
                    scratchBuffers.Add((parameterType.Element!, scratch));
                    var start = call.Arguments[i] is InlineOperand { Code: SliceCode slice } ? slice.Start : null;
                    addBacks.Add(AddElements(scratch, aliasedGradient, start));
                }
                else if (IrQueries.ArrayName(call.Arguments[i]) is { } array && arrayGradients.TryGetValue(array, out var gradient))
                {
                    // A slice's gradient is the same part of the array's gradient buffer.
                    arguments.Add(call.Arguments[i] is InlineOperand { Code: SliceCode slice }
                        ? new SliceCode(new NameCode(gradient), slice.Start, slice.Length, OfArray: false, Copied: false)
                        : new NameCode(gradient));
                }
                else
                {
                    // The callee wants a gradient buffer for data that is constant here: lend it a pooled scratch one.
                    var scratch = names.Temp("_d_scratch");
                    output.AddRange(PooledBuffer.Rent(parameterType.Element!, scratch, LengthOf(call.Arguments[i])));
                    arguments.Add(new NameCode(scratch));
                    scratchBuffers.Add((parameterType.Element!, scratch));
                }

                continue;
            }

            if (IsActive(call.Arguments[i]) && AdjointType(parameterType) == parameterType)
            {
                arguments.Add(new RefArgumentCode(new NameCode(AdjointName(((VarOperand)call.Arguments[i]).Var))));
            }
            else
            {
                // A scratch gradient slot of the callee's type: the argument is constant here (nothing to add), or
                // its adjoint is kept in double while the callee's slot is float (added after the call).
                var scratch = names.Temp("_d_arg");
                output.Add(new DeclareCode(parameterType, scratch, Code.Literal0(parameterType)));
                arguments.Add(new RefArgumentCode(new NameCode(scratch)));
                if (IsActive(call.Arguments[i]))
                {
                    widened.Add((call.Arguments[i], scratch));
                }
            }
        }

        output.Add(new ExpressionCode(call.Invoke(call.Callee.PullbackTarget, arguments.ToImmutableArray())));
        output.AddRange(addBacks);
        foreach (var written in call.Writes.Where(w => arrayGradients.ContainsKey(w.Scratch)))
        {
            // The scratch's adjoints are consumed: zero for the next time the call is reversed (in a loop).
            output.Add(new ExpressionCode(Code.Call(arrayGradients[written.Scratch] + ".Clear")));
        }
        foreach (var (element, span) in scratchBuffers)
        {
            output.Add(PooledBuffer.Return(element, span));
        }

        foreach (var (argument, scratch) in widened)
        {
            Accumulate(argument, new NameCode(scratch), output);
        }
    }

    /// <summary><c>into[offset + k] += from[k]</c> for every element of <paramref name="from"/> (same element type).</summary>
    private CodeStmt AddElements(string from, string into, CodeExpr? offset)
    {
        var k = names.Temp("_k");
        return new ReverseForCode(
            k,
            Code.Binary("-", new MemberCode(new NameCode(from), "Length"), new LiteralCode("1", 1)),
            ImmutableArray.Create<CodeStmt>(new ElementAssignCode(into, offset is null ? new NameCode(k) : Code.Binary("+", offset, new NameCode(k)), "+=", new IndexCode(new NameCode(from), new NameCode(k)))));
    }

    /// <summary>An array argument's length: a slice's own, else <c>.Length</c>.</summary>
    private static CodeExpr LengthOf(Operand array)
        => array is InlineOperand { Code: SliceCode slice } ? slice.Length : new MemberCode(Lowering.ToCode(array), "Length");

    /// <summary>A value in adjoint precision, narrowed to a gradient buffer's element type when that is float.</summary>
    private CodeExpr ToElement(CodeExpr value, TypeRef element) => AdjointType(element) == element ? value : new CastCode(element.Name, value);

    /// <summary><c>_d_to += contribution</c>, written as <c>-=</c> when the contribution is a negation.</summary>
    private void Accumulate(Operand to, CodeExpr contribution, List<CodeStmt> output)
    {
        if (to is not VarOperand { Var: var target } || !active.Contains(target.Name))
        {
            return;
        }

        var name = AdjointName(target);
        output.Add(contribution is UnaryCode { Op: "-" } negated
            ? new AssignCode(name, "-=", negated.Operand)
            : new AssignCode(name, "+=", contribution));
    }

    private bool IsActive(Operand operand) => operand is VarOperand v && active.Contains(v.Var.Name);
}
