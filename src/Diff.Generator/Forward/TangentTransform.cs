using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;
using DiffGen.Generator.Reverse;

namespace DiffGen.Generator.Forward;

/// <summary>
/// Forward mode as a transformation of the SSA program (Clad's "differentiate", JAX's jvp): after each operation
/// that carries a derivative comes its tangent, <c>ṫ = Σ ∂op/∂argᵢ · ȧrgᵢ</c>, with the partials taken from the same
/// rule table reverse mode uses (<see cref="Rules.MathRules"/> and <see cref="Rules.ArithmeticRules"/>, through <see cref="TangentRules"/>).
/// Loops carry their cells' tangents as further cells, branches merge them with further phis, a local array gets a
/// tangent array, so the result is again an ordinary SSA program, which reverse mode can differentiate once more.
/// Only values that are active (they depend on an active input and the result depends on them) get a tangent.
/// </summary>
internal sealed class TangentTransform
{
    private readonly HashSet<string> active;
    private readonly NameAllocator names;

    /// <summary>The tangent of each SSA value that has one (a value without an entry has tangent 0).</summary>
    private readonly Dictionary<string, SsaVar> tangents = new();

    /// <summary>For each array with a derivative, the array (span parameter or local) holding its tangents.</summary>
    private readonly Dictionary<string, string> arrayTangents = new();

    /// <summary>The type of every SSA value by name (tangents included), for the operands the partials read.</summary>
    private readonly Dictionary<string, TypeRef> types = new();

    private readonly RuleReifier reifier;

    /// <summary>The program will be differentiated again: a callee must have its second order too.</summary>
    private readonly bool secondOrder;

    private TangentTransform(IrMethod method, HashSet<string> active, bool secondOrder)
    {
        this.active = active;
        this.secondOrder = secondOrder;
        names = method.Names;
        reifier = new RuleReifier(names, types);
    }

    /// <summary>
    /// The forward-mode program of <paramref name="method"/>. <paramref name="parameterTangents"/> names, for each
    /// active input parameter, the parameter of the program that holds its tangent (a scalar, or a span of the
    /// array's length); those parameters must already be among the method's (passive) parameters.
    /// </summary>
    /// <param name="secondOrder">The program will be differentiated again: a callee must have its second order too.</param>
    public static TangentProgram Transform(IrMethod method, IReadOnlyDictionary<string, string> parameterTangents, bool secondOrder = false)
    {
        var transform = new TangentTransform(method, Activity.Analyze(method), secondOrder);
        foreach (var variable in SsaValues.Of(method))
        {
            transform.types[variable.Name] = variable.Type;
        }

        foreach (var parameter in method.Model.Parameters.Where(p => parameterTangents.ContainsKey(p.Name)))
        {
            if (parameter.Type.IsArray)
            {
                transform.arrayTangents[parameter.Name] = parameterTangents[parameter.Name];
            }
            else
            {
                transform.tangents[parameter.Name] = new SsaVar(parameterTangents[parameter.Name], parameter.Type);
                transform.types[parameterTangents[parameter.Name]] = parameter.Type;
            }
        }

        // Inputs read through views (a struct parameter's fields, a matrix's flat span): their tangents are the same
        // views of the tangent parameter, declared by the emitter beside the primal's.
        var views = new Dictionary<string, string>();
        foreach (var input in method.Model.FieldInputs.Where(f => parameterTangents.ContainsKey(f.Parameter)))
        {
            var name = transform.names.Derived(TangentName(input.Id));
            views[input.Id] = name;
            transform.tangents[input.Id] = new SsaVar(name, input.Field.Type);
            transform.types[name] = input.Field.Type;
        }

        foreach (var flat in method.Model.FlatArrays.Where(f => parameterTangents.ContainsKey(f.Array)))
        {
            var name = transform.names.Derived(TangentName(flat.FlatId));
            views[flat.FlatId] = name;
            transform.arrayTangents[flat.FlatId] = name;
        }

        var body = transform.Instructions(method.Body);
        var tangent = transform.TangentOf(method.Result, method.Model.ReturnType);
        var program = method with { Body = body.ToImmutableArray(), Result = tangent };
        var localTangents = transform.arrayTangents.Where(a => !parameterTangents.ContainsKey(a.Key) && !views.ContainsKey(a.Key)).ToDictionary(a => a.Key, a => a.Value);
        return new TangentProgram(program, method.Result, localTangents) { ViewTangents = views };
    }

    private List<Instr> Instructions(IEnumerable<Instr> instrs)
    {
        var output = new List<Instr>();
        foreach (var instr in instrs)
        {
            switch (instr)
            {
                case DefInstr def:
                    output.Add(def);
                    if (active.Contains(def.Target.Name) && def.Target.Type.IsFloating)
                    {
                        Define(def, output);
                    }

                    break;
                case IfInstr branch:
                    output.Add(Branch(branch));
                    break;
                case LoopInstr loop:
                    output.Add(Loop(loop));
                    break;
                case ArrayInstr array:
                    output.Add(array);
                    if (active.Contains(array.Array) && array.Type.Element is { IsFloating: true })
                    {
                        var tangent = names.Derived(TangentName(array.Array));
                        arrayTangents[array.Array] = tangent;
                        output.Add(new ArrayInstr(array.Origin, tangent, array.Type, array.Length));
                    }

                    break;
                case StoreInstr store:
                    output.Add(store);
                    if (arrayTangents.TryGetValue(store.Array, out var tangentArray))
                    {
                        var value = TangentOf(store.Value, store.ElementType);
                        output.Add(new StoreInstr(store.Origin, tangentArray, store.ElementType, store.Index, value, names.Temp("_old")));
                    }

                    break;
                default:
                    output.Add(instr);
                    break;
            }
        }

        return output;
    }

    /// <summary>The tangent of one definition, defined right after it.</summary>
    private void Define(DefInstr def, List<Instr> output)
    {
        if (def.Op is LoadOp load)
        {
            if (arrayTangents.TryGetValue(load.Array, out var tangentArray))
            {
                // The same element of the tangent array (for a jagged array, of the same row).
                var loaded = NewTangent(def.Target);
                output.Add(new DefInstr(def.Origin, loaded, new LoadOp(tangentArray, load.Index) { Row = load.Row }));
            }

            return;
        }

        if (def.Op is CallOp call)
        {
            output.Add(new DefInstr(def.Origin, NewTangent(def.Target), TangentCall(call)));
            return;
        }

        var code = TangentRules.Tangent(def, TangentCode);
        if (code is null)
        {
            return;
        }

        var target = NewTangent(def.Target);
        reifier.Define(target, code, output, def.Origin);
    }

    /// <summary>
    /// The tangent of a call to another differentiable method: a call to its <c>{Name}Tangent</c>, which takes the
    /// arguments and, after them, the tangents of those its parameters differentiate (in order), and returns ∇G·v.
    /// Differentiated again, the call goes through <c>{Name}TangentPullback</c>, as any call goes through its pullback.
    /// </summary>
    private CallOp TangentCall(CallOp call)
    {
        var callee = call.Callee;
        var name = callee.Target.Substring(callee.Target.LastIndexOf('.') + 1);
        if ((callee.CalleeModes & (secondOrder ? 2 : 3)) == 0)
        {
            throw new ForwardModeUnsupportedException("it calls '" + name + "', which has no " + (secondOrder ? "second order" : "forward mode") + ": add Modes = DiffModes." + (secondOrder ? "Hessian" : "Forward") + " to its [Differentiable] attribute");
        }

        if (callee.Target.EndsWith("ByFields", System.StringComparison.Ordinal) || secondOrder && call.Arguments.Any(a => a.Type.Rank > 1 || a.Type.IsJagged))
        {
            throw new ForwardModeUnsupportedException("it passes a struct" + (secondOrder ? ", a matrix or a jagged array" : string.Empty) + " to '" + name + "', which " + (secondOrder ? "second order" : "forward mode") + " does not support yet");
        }

        if (call.Outs.Any(o => o is not null) || !call.Writes.IsEmpty || callee.ReturnsVoid)
        {
            throw new ForwardModeUnsupportedException("its call to '" + name + "' has out, ref or written array arguments, which forward mode does not support yet");
        }

        var tangentArguments = new List<Operand>();
        for (var i = 0; i < call.Arguments.Length; i++)
        {
            if (callee.ActiveParameters.Count > i && callee.ActiveParameters[i])
            {
                tangentArguments.Add(TangentArgument(call.Arguments[i], name));
            }
        }

        // After the tangents, the callee's value as an out argument (its Tangent computes it anyway; this program
        // already has it from the primal call, so it goes into a local nobody reads).
        var arguments = call.Arguments.AddRange(tangentArguments).Add(new InlineOperand(call.Callee.Type, Code.Literal0(call.Callee.Type)));
        var tangentCallee = callee with
        {
            Target = callee.Target + "Tangent",
            // The callee's tangent is linear in the tangents passed, with the callee's gradient as coefficients: they
            // carry derivatives when this program is differentiated again.
            ActiveParameters = callee.ActiveParameters.Concat(tangentArguments.Select(_ => true)).Append(false).ToEquatableArray(),
            OutKinds = Enumerable.Repeat(0, arguments.Length - 1).Append(1).ToEquatableArray(),
        };
        var unusedValue = new SsaVar(names.Temp("_value"), call.Callee.Type);
        types[unusedValue.Name] = unusedValue.Type;
        var outs = Enumerable.Repeat<SsaVar?>(null, arguments.Length - 1).Append(unusedValue).ToImmutableArray();
        return new CallOp(tangentCallee, arguments) { Receiver = call.Receiver, Outs = outs };
    }

    /// <summary>An argument's tangent: a scalar's tangent (or 0), an array's tangent array (or the same part of it).</summary>
    private Operand TangentArgument(Operand argument, string callee)
    {
        if (argument.Type.IsArray)
        {
            var array = IrQueries.ArrayName(argument);
            if (array is null || !arrayTangents.TryGetValue(array, out var tangent))
            {
                throw new ForwardModeUnsupportedException("it passes an array without a derivative to a differentiated parameter of '" + callee + "', which forward mode does not support yet");
            }

            var code = ((InlineOperand)argument).Code switch
            {
                SliceCode slice => (CodeExpr)(slice with { Array = new NameCode(tangent), OfArray = false }), // tangents are spans, never arrays
                _ => new NameCode(tangent),
            };
            return new InlineOperand(ForwardModel.TangentType(argument.Type), code);
        }

        return TangentOf(argument, argument.Type);
    }

    /// <summary>A branch: both arms transformed, and a tangent phi for each phi that has a derivative.</summary>
    private IfInstr Branch(IfInstr branch)
    {
        var then = Instructions(branch.Then);
        var otherwise = Instructions(branch.Else);
        var phis = branch.Phis.ToList();
        foreach (var phi in branch.Phis.Where(p => active.Contains(p.Target.Name) && p.Target.Type.IsFloating))
        {
            var fromThen = TangentOf(phi.FromThen, phi.Target.Type);
            var fromElse = TangentOf(phi.FromElse, phi.Target.Type);
            phis.Add(new Phi(NewTangent(phi.Target), fromThen, fromElse));
        }

        return branch with { Then = then.ToImmutableArray(), Else = otherwise.ToImmutableArray(), Phis = phis.ToImmutableArray() };
    }

    /// <summary>A loop: each cell with a derivative carries its tangent in a further cell, entry and exit alike.</summary>
    private LoopInstr Loop(LoopInstr loop)
    {
        var carried = loop.Cells.Where(c => active.Contains(c.Var.Name) && c.Var.Type.IsFloating).ToList();
        var entries = carried.Select(c => TangentOf(c.Entry, c.Var.Type)).ToList();
        var cellTangents = carried.Select(c => NewTangent(c.Var)).ToList();
        var body = Instructions(loop.Body);
        var cells = loop.Cells.ToList();
        for (var k = 0; k < carried.Count; k++)
        {
            var exit = TangentOf(carried[k].Exit, carried[k].Var.Type);
            cells.Add(new Cell(cellTangents[k], entries[k], exit, null));
        }

        return loop with { Cells = cells.ToImmutableArray(), Body = body.ToImmutableArray() };
    }

    /// <summary>The tangent of an operand as an operand: its tangent variable, or 0.</summary>
    private Operand TangentOf(Operand operand, TypeRef type)
        => operand is VarOperand { Var: var v } && tangents.TryGetValue(v.Name, out var tangent)
            ? new VarOperand(tangent)
            : new InlineOperand(type, Code.Literal0(type));

    /// <summary>The tangent of an operand as code for a rule to combine, or null when it is 0.</summary>
    private CodeExpr? TangentCode(Operand operand)
        => operand is VarOperand { Var: var v } && tangents.TryGetValue(v.Name, out var tangent) ? new NameCode(tangent.Name) : null;

    private SsaVar NewTangent(SsaVar primal)
    {
        var tangent = new SsaVar(names.Derived(TangentName(primal.Name)), primal.Type);
        tangents[primal.Name] = tangent;
        types[tangent.Name] = tangent.Type;
        return tangent;
    }

    /// <summary><c>_dot_x</c> for <c>x</c>, <c>_dot_t3</c> for <c>_t3</c>: the tangent's name says whose it is.</summary>
    private static string TangentName(string primal) => "_dot_" + primal.TrimStart('_');
}
