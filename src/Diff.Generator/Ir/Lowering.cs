using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Model;
using DiffGen.Generator.Rules;

namespace DiffGen.Generator.Ir;

/// <summary>
/// Model → SSA IR. Floating-point expressions become one definition per operation (three-address form, so the
/// reverse sweep can read every intermediate value); passive expressions stay whole. Early returns are handled by
/// tracking "has returned" as an ordinary (passive) variable: the statements after an if that may return run under
/// a guard, and phis merge the returned value, so the control flow stays structured.
/// </summary>
internal sealed partial class Lowering
{
    private const string ReturnValue = "$return";
    private const string HasReturned = "$returned";
    private const string HasBroken = "$broken";
    private const string HasContinued = "$continued";

    private readonly MethodModel model;
    private readonly NameAllocator names;
    private readonly Dictionary<string, TypeRef> variableTypes = new();
    private Dictionary<string, Operand> environment = new();
    private List<Instr> block = new();
    private readonly HashSet<string> arrays;

    /// <summary>Array elements already loaded on the current path, by array and index, until the array is written.</summary>
    private Dictionary<(string Array, Operand Index, Operand? Row), Operand> loads = new();
    private string origin = string.Empty;
    private int syntheticCount;

    /// <summary>
    /// The current path has thrown: nothing after it runs, and a branch that threw contributes nothing to the values
    /// merged after its if.
    /// </summary>
    private bool diverged;

    /// <summary>The flags that end the current statement list early: return, and inside a loop break and continue.</summary>
    private List<string> exitFlags = new() { HasReturned };

    private Lowering(MethodModel model, string seedName)
    {
        this.model = model;
        arrays = new HashSet<string>(model.Parameters.Where(p => p.Type.IsArray).Select(p => p.Name).Concat(model.FlatArrays.Select(f => f.FlatId)));
        names = new NameAllocator(
            model.Parameters.Select(p => p.Name).Concat(model.Locals.Select(l => l.Id)),
            model.ActiveParameters.Select(p => p.GradientName).Concat(new[] { seedName })
                .Concat(model.Parameters.Where(p => p.IsActiveOutput).Select(p => p.SeedName)));
    }

    /// <param name="seedName">The pullback's seed parameter: no generated local may take its name.</param>
    public static IrMethod Lower(MethodModel model, string seedName) => new Lowering(model, seedName).Run();

    private static readonly InlineOperand False = new(TypeRef.Bool, new LiteralCode("false", null));
    private static readonly InlineOperand True = new(TypeRef.Bool, new LiteralCode("true", null));

    private IrMethod Run()
    {
        foreach (var parameter in model.Parameters)
        {
            variableTypes[parameter.Name] = parameter.Type;
            names.Own(parameter.Name);
            if (parameter.IsOut)
            {
                // Unassigned until the body assigns it (C# guarantees that before every return).
                environment[parameter.Name] = new InlineOperand(parameter.Type, new LiteralCode(CSharpLiteral.Default(parameter.Type), 0));
            }
            else if (!parameter.Type.IsArray)
            {
                environment[parameter.Name] = new VarOperand(new SsaVar(parameter.Name, parameter.Type));
            }
        }

        foreach (var local in model.Locals)
        {
            variableTypes[local.Id] = local.Type;
        }

        foreach (var input in model.FieldInputs)
        {
            // A struct parameter's field: an input like a scalar parameter (declared from the parameter up front).
            names.Own(input.Id);
            environment[input.Id] = new VarOperand(new SsaVar(input.Id, input.Field.Type));
        }

        variableTypes[ReturnValue] = model.ReturnType;
        variableTypes[HasReturned] = TypeRef.Bool;
        variableTypes[HasBroken] = TypeRef.Bool;
        variableTypes[HasContinued] = TypeRef.Bool;
        environment[ReturnValue] = new InlineOperand(model.ReturnType, new LiteralCode(CSharpLiteral.Default(model.ReturnType), 0));
        environment[HasReturned] = False;

        LowerStatements(model.Body, 0);
        var outputs = model.Parameters.Where(p => p.IsOut || p.IsRef).Select(p => (p, environment[p.Name])).ToImmutableArray();
        return new IrMethod(model, block.ToImmutableArray(), environment[ReturnValue], names) { Outputs = outputs };
    }

    private void LowerStatements(IReadOnlyList<StmtModel> statements, int start)
    {
        for (var i = start; i < statements.Count; i++)
        {
            if (diverged)
            {
                return; // the path has thrown: the rest is unreachable
            }

            var flags = exitFlags.Select(f => environment[f]).ToList();
            if (flags.Any(f => f == True))
            {
                return; // every path has left (return, break or continue): the rest is unreachable
            }

            var maybe = flags.Where(f => f != False).ToList();
            if (maybe.Count > 0)
            {
                // Some paths have left: the rest runs only on the others.
                origin = "(statements after a conditional return, break or continue)";
                var left = maybe.Select(ToCode).Aggregate((a, b) => new BinaryCode("||", a, b));
                var guard = Define(TypeRef.Bool, names.Temp("_c"), new PassiveOp(new UnaryCode("!", left)));
                var rest = i;
                var flagKeys = exitFlags.ToList();
                LowerIf(
                    guard,
                    () =>
                    {
                        foreach (var flag in flagKeys)
                        {
                            environment[flag] = False; // on this path nothing has left yet
                        }

                        LowerStatements(statements, rest);
                    },
                    () => { });
                return;
            }

            if (statements[i] is IfStmt branch && i + 1 < statements.Count && LowerWithContinuation(branch, statements, i + 1))
            {
                return;
            }

            LowerStatement(statements[i]);
        }
    }

    private void LowerStatement(StmtModel statement)
    {
        origin = statement.Origin;
        switch (statement)
        {
            case DeclareStmt declare:
                Set(declare.Id, declare.Initializer is null
                    ? new InlineOperand(declare.Type, new LiteralCode(CSharpLiteral.Default(declare.Type), 0))
                    : LowerInto(declare.Initializer, new SsaVar(names.Own(declare.Id), declare.Type)));
                break;
            case AssignStmt assign:
                Set(assign.Id, LowerInto(assign.Value, new SsaVar(names.Own(assign.Id), variableTypes[assign.Id])));
                break;
            case ReturnStmt ret:
                Set(ReturnValue, LowerExpression(ret.Value));
                Set(HasReturned, True);
                break;
            case BreakStmt:
                Set(HasBroken, True);
                break;
            case ContinueStmt:
                Set(HasContinued, True);
                break;
            case LoopStmt loop:
                LowerLoop(loop);
                break;
            case DeclareArrayStmt array:
            {
                var length = LowerExpression(array.Length);
                arrays.Add(array.Id);
                names.Own(array.Id);
                block.Add(new ArrayInstr(origin, array.Id, array.Type, length));
                break;
            }

            case StoreStmt store:
            {
                var index = LowerExpression(store.Index);
                var value = LowerExpression(store.Value);
                block.Add(new StoreInstr(origin, store.ArrayId, store.Value.Type, index, value, names.Temp("_old")));
                ForgetLoads(store.ArrayId); // the write may have changed any element read so far
                break;
            }
            case ThrowStmt thrown:
                Throw(thrown.Exception);
                break;
            case EffectStmt effect:
                block.Add(new EffectInstr(origin, ToCode(effect.Call), Throws: false));
                break;
            case IfStmt { Then.Count: 1, Else.Count: 0 } guard when guard.Then[0] is ThrowStmt:
            {
                // An argument check: the condition stays inline (only the forward sweep tests it, and the C#
                // compiler's null-state analysis then sees what the primal's author wrote).
                var condition = new InlineOperand(TypeRef.Bool, ToCode(guard.Condition));
                LowerIf(condition, () => LowerStatements(guard.Then, 0), () => { });
                break;
            }

            case IfStmt conditional:
            {
                var condition = LowerCondition(conditional.Condition);
                origin = statement.Origin;
                LowerIf(condition, () => LowerStatements(conditional.Then, 0), () => LowerStatements(conditional.Else, 0));
                break;
            }

            default:
                throw new InvalidOperationException("Unexpected statement " + statement.GetType().Name);
        }
    }

    /// <summary>
    /// <c>if (c) { …; return a; } rest</c>: when exactly one branch always returns, the statements after the if
    /// belong to the other branch, so they are lowered there and no "has returned" guard is needed.
    /// </summary>
    private bool LowerWithContinuation(IfStmt branch, IReadOnlyList<StmtModel> statements, int restStart)
    {
        var thenReturns = AlwaysReturns(branch.Then);
        var elseReturns = AlwaysReturns(branch.Else);
        if (thenReturns == elseReturns)
        {
            return false;
        }

        var rest = statements.Skip(restStart).ToList();
        origin = branch.Origin;
        var condition = LowerCondition(branch.Condition);
        origin = branch.Origin;
        LowerIf(
            condition,
            () => LowerStatements(thenReturns ? branch.Then : branch.Then.Concat(rest).ToList(), 0),
            () => LowerStatements(elseReturns ? branch.Else : branch.Else.Concat(rest).ToList(), 0));
        return true;
    }

    /// <summary>Leaves the statement list on every path: return, break or continue (a nested loop's break does not count).</summary>
    private static bool AlwaysReturns(IReadOnlyList<StmtModel> statements)
        => statements.Any(s => s is ReturnStmt or BreakStmt or ContinueStmt || (s is IfStmt branch && AlwaysReturns(branch.Then) && AlwaysReturns(branch.Else)));

    /// <summary>Lowers both branches from the same environment, then merges every variable they left different.</summary>
    private void LowerIf(Operand condition, Action lowerThen, Action lowerElse, IReadOnlyDictionary<string, SsaVar>? phiTargets = null)
    {
        var ifOrigin = origin;
        var before = environment;
        var outer = block;
        var loadsBefore = loads;

        (List<Instr> Instrs, Dictionary<string, Operand> Env, bool Threw) Branch(Action lower)
        {
            block = new List<Instr>();
            environment = new Dictionary<string, Operand>(before);
            loads = new Dictionary<(string, Operand, Operand?), Operand>(loadsBefore);
            diverged = false;
            lower();
            var threw = diverged;
            diverged = false;
            return (block, environment, threw);
        }

        var whenTrue = Branch(lowerThen);
        var whenFalse = Branch(lowerElse);
        block = outer;

        // A branch that threw never reaches the merge: the values after the if are the other branch's.
        if (whenTrue.Threw)
        {
            whenTrue.Env = whenFalse.Env;
        }
        else if (whenFalse.Threw)
        {
            whenFalse.Env = whenTrue.Env;
        }

        diverged = whenTrue.Threw && whenFalse.Threw;

        // A load made in one branch is not there on the other path; a write in either branch invalidates.
        var written = new HashSet<string>(IrQueries.Stores(whenTrue.Instrs.Concat(whenFalse.Instrs)).Select(s => s.Array));
        loads = loadsBefore.Where(l => !written.Contains(l.Key.Array)).ToDictionary(l => l.Key, l => l.Value);
        environment = new Dictionary<string, Operand>(before);
        origin = ifOrigin;

        var phis = new List<Phi>();
        foreach (var key in before.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var fromThen = whenTrue.Env[key];
            var fromElse = whenFalse.Env[key];
            if (fromThen == fromElse)
            {
                environment[key] = fromThen;
                continue;
            }

            var target = phiTargets is not null && phiTargets.TryGetValue(key, out var given)
                ? given
                : new SsaVar(PhiName(key), variableTypes[key]);
            phis.Add(new Phi(target, fromThen, fromElse));
            environment[key] = new VarOperand(target);
        }

        block.Add(new IfInstr(ifOrigin, condition, whenTrue.Instrs.ToImmutableArray(), whenFalse.Instrs.ToImmutableArray(), phis.ToImmutableArray()));
    }

    private string PhiName(string key)
        => key switch
        {
            ReturnValue => names.Temp("_ret"),
            HasReturned => names.Temp("_returned"),
            _ when key.StartsWith("$", StringComparison.Ordinal) => names.Temp("_t"),
            _ => names.Next(key),
        };

    /// <summary>Lowers a condition and keeps it in a bool local, which the reverse sweep branches on again.</summary>
    private Operand LowerCondition(ExprModel condition)
        => Define(TypeRef.Bool, names.Temp("_c"), new PassiveOp(ToCode(condition)));

    /// <summary>Lowers <paramref name="value"/> so that its last operation defines <paramref name="target"/>.</summary>
    private Operand LowerInto(ExprModel value, SsaVar target)
    {
        var result = LowerExpression(value, target);
        if (result is VarOperand { Var: var v } && v == target)
        {
            return result;
        }

        return Define(target, new CopyOp(result));
    }

    private Operand LowerExpression(ExprModel expression, SsaVar? target = null)
    {
        if (expression.Type.IsArray)
        {
            // An array parameter or local by name, or passive data (a static coefficient table) as written.
            return new InlineOperand(expression.Type, expression is VariableExpr array ? new NameCode(array.Id) : ToCode(expression));
        }

        if (expression is ThrowExpr thrown)
        {
            Throw(thrown.Exception);
            return new InlineOperand(thrown.Type, new LiteralCode(CSharpLiteral.Default(thrown.Type), 0));
        }

        if (!expression.Type.IsFloating)
        {
            // Passive: evaluated whole. Inlined where used unless it calls something (then evaluated once).
            var code = ToCode(expression);
            return target is null && !ContainsCall(code)
                ? new InlineOperand(expression.Type, code)
                : Define(target ?? Temp(expression.Type), new PassiveOp(code));
        }

        switch (expression)
        {
            case LiteralExpr literal:
                return new InlineOperand(literal.Type, new LiteralCode(literal.Text, literal.Value));
            case OpaqueExpr opaque:
                return new InlineOperand(opaque.Type, new NameCode(opaque.Text));
            case VariableExpr variable:
                return environment[variable.Id];
            case ElementExpr element:
            {
                // The same element read twice with no write to its array in between is one load (one value forward,
                // one adjoint, one update of the gradient buffer in reverse).
                var index = LowerExpression(element.Index);
                var row = element.Row is null ? null : LowerExpression(element.Row);
                if (loads.TryGetValue((element.ArrayId, index, row), out var loaded))
                {
                    return loaded;
                }

                var load = Define(target ?? Temp(element.Type), new LoadOp(element.ArrayId, index) { Row = row });
                loads[(element.ArrayId, index, row)] = load;
                return load;
            }
            case ConvertExpr convert:
            {
                var source = LowerExpression(convert.Operand);
                if (source is InlineOperand inline)
                {
                    return new InlineOperand(convert.Type, new CastCode(convert.Type.Name, inline.Code));
                }

                return Define(target ?? Temp(convert.Type), new ConvertOp(source));
            }

            case UnaryExpr { Op: UnaryOp.Negate } negate:
                return Define(target ?? Temp(negate.Type), new NegateOp(LowerExpression(negate.Operand)));
            case BinaryExpr binary when binary.Op is BinaryOp.Add or BinaryOp.Subtract or BinaryOp.Multiply or BinaryOp.Divide or BinaryOp.Remainder:
            {
                var left = LowerExpression(binary.Left);
                var right = LowerExpression(binary.Right);
                return Define(target ?? Temp(binary.Type), new ArithmeticOp(binary.Op, left, right));
            }

            case ConditionalExpr conditional:
            {
                var condition = LowerCondition(conditional.Condition);
                var key = "$conditional" + syntheticCount++;
                variableTypes[key] = conditional.Type;
                environment[key] = new InlineOperand(conditional.Type, new LiteralCode(CSharpLiteral.Default(conditional.Type), 0));
                var result = target ?? Temp(conditional.Type);
                LowerIf(
                    condition,
                    () => Set(key, LowerExpression(conditional.WhenTrue)),
                    () => Set(key, LowerExpression(conditional.WhenFalse)),
                    new Dictionary<string, SsaVar> { [key] = result });
                var merged = environment[key];
                environment.Remove(key);
                return merged;
            }

            case MathCallExpr call:
            {
                var rule = MathRules.Find(call.Function, call.Arguments.Count)
                    ?? throw new InvalidOperationException("No rule for " + call.Function);
                var arguments = call.Arguments.Select(a => LowerExpression(a)).ToImmutableArray();
                return Define(target ?? Temp(call.Type), new MathOp(rule, call.Target, arguments));
            }

            case DifferentiableCallExpr call:
            {
                var arguments = call.Arguments.Select((a, i) => call.IsOut(i) ? new InlineOperand(a.Type, Code.Literal0(a.Type)) : LowerExpression(a)).ToImmutableArray();
                var receiver = call.Receiver is null ? null : LowerExpression(call.Receiver);
                if (!call.OutKinds.Any(k => k > 0))
                {
                    return Define(target ?? Temp(call.Type), new CallOp(call, arguments) { Receiver = receiver });
                }

                // Each out argument defines a new value of its local, assigned by the call.
                var outs = call.Arguments.Select((a, i) => call.Writes(i) ? new SsaVar(names.Own(((VariableExpr)a).Id), a.Type) : null).ToImmutableArray();
                var writes = call.ArrayWrites
                    .Select(w => new ArrayWriteOperands(w.Argument, w.Scratch, w.Destination.ArrayId, LowerExpression(w.Destination.Start), LowerExpression(w.Destination.Length)))
                    .ToImmutableArray();
                var result = Define(target ?? Temp(call.Type), new CallOp(call, arguments) { Outs = outs, Receiver = receiver, Writes = writes });
                foreach (var write in call.ArrayWrites)
                {
                    ForgetLoads(write.Scratch); // the call wrote the scratch array
                }

                for (var i = 0; i < outs.Length; i++)
                {
                    if (outs[i] is { } written)
                    {
                        Set(((VariableExpr)call.Arguments[i]).Id, new VarOperand(written));
                    }
                }

                return result;
            }

            default:
                // Floating-point values with no derivative of their own (passive calls, ...): computed verbatim.
                return Define(target ?? Temp(expression.Type), new PassiveOp(ToCode(expression)));
        }
    }

    /// <summary>A passive expression as code, reading each variable's current SSA value.</summary>
    private CodeExpr ToCode(ExprModel expression)
        => expression switch
        {
            LiteralExpr literal => new LiteralCode(literal.Text, literal.Value),
            OpaqueExpr opaque => new NameCode(opaque.Text),
            VariableExpr variable when arrays.Contains(variable.Id) => new NameCode(variable.Id),
            VariableExpr variable => ToCode(environment[variable.Id]),
            ElementExpr element => new IndexCode(element.Row is null ? new NameCode(element.ArrayId) : new IndexCode(new NameCode(element.ArrayId), ToCode(element.Row)), ToCode(element.Index)),
            LengthExpr length => new MemberCode(length.Row is null ? new NameCode(length.ArrayId) : new IndexCode(new NameCode(length.ArrayId), ToCode(length.Row)), "Length"),
            SliceExpr slice => new SliceCode(new NameCode(slice.ArrayId), ToCode(slice.Start), ToCode(slice.Length), slice.OfArray, slice.Type.Name.EndsWith("[]", System.StringComparison.Ordinal)),
            ConvertExpr convert => new CastCode(convert.Type.Name, ToCode(convert.Operand)),
            UnaryExpr unary => new UnaryCode(UnaryText(unary.Op), ToCode(unary.Operand)),
            BinaryExpr binary => new BinaryCode(BinaryText(binary.Op), ToCode(binary.Left), ToCode(binary.Right)),
            ConditionalExpr conditional => new ConditionalCode(ToCode(conditional.Condition), ToCode(conditional.WhenTrue), ToCode(conditional.WhenFalse)),
            MathCallExpr call => new CallCode(call.Target, call.Arguments.Select(ToCode).ToImmutableArray()),
            DifferentiableCallExpr { Receiver: { } receiver } call => new InstanceCallCode(ToCode(receiver), call.Target, call.Arguments.Select(ToCode).ToImmutableArray()),
            DifferentiableCallExpr call => new CallCode(call.Target, call.Arguments.Select(ToCode).ToImmutableArray()),
            PassiveCallExpr call => new CallCode(call.Target, call.Arguments.Select(ToCode).ToImmutableArray()),
            TemplateExpr template => new TemplateCode(template.Parts.ToImmutableArray(), template.Holes.Select(ToCode).ToImmutableArray()),
            _ => throw new InvalidOperationException("Unexpected expression " + expression.GetType().Name),
        };

    public static CodeExpr ToCode(Operand operand)
        => operand switch
        {
            VarOperand v => new NameCode(v.Var.Name),
            InlineOperand inline => inline.Code,
            _ => throw new InvalidOperationException("Unexpected operand"),
        };

    /// <summary><c>throw e;</c>: the forward sweep throws here, and the current path ends.</summary>
    private void Throw(TemplateExpr exception)
    {
        block.Add(new EffectInstr(origin, ToCode(exception), Throws: true));
        diverged = true;
    }

    /// <summary>
    /// Binds a variable to its new value. Always call it with the value already computed: lowering a value can
    /// replace <see cref="environment"/> (a branch merges into a new map), so <c>environment[k] = Lower(...)</c>
    /// would write into the map that was current before the value was lowered.
    /// </summary>
    private void Set(string key, Operand value) => environment[key] = value;

    private SsaVar Temp(TypeRef type) => new(names.Temp("_t"), type);

    /// <summary>Drops the remembered loads of an array that was just written: its elements must be read again.</summary>
    private void ForgetLoads(string array)
    {
        foreach (var key in loads.Keys.Where(k => k.Array == array).ToList())
        {
            loads.Remove(key);
        }
    }

    private Operand Define(TypeRef type, string name, IrOp op) => Define(new SsaVar(name, type), op);

    private Operand Define(SsaVar target, IrOp op)
    {
        block.Add(new DefInstr(origin, target, op));
        return new VarOperand(target);
    }

    private static bool ContainsCall(CodeExpr code)
        => code switch
        {
            CallCode or TemplateCode => true,
            BinaryCode b => ContainsCall(b.Left) || ContainsCall(b.Right),
            UnaryCode u => ContainsCall(u.Operand),
            CastCode c => ContainsCall(c.Operand),
            IndexCode i => ContainsCall(i.Index),
            ConditionalCode c => ContainsCall(c.Condition) || ContainsCall(c.WhenTrue) || ContainsCall(c.WhenFalse),
            _ => false,
        };

    public static string BinaryText(BinaryOp op)
        => op switch
        {
            BinaryOp.Add => "+",
            BinaryOp.Subtract => "-",
            BinaryOp.Multiply => "*",
            BinaryOp.Divide => "/",
            BinaryOp.Remainder => "%",
            BinaryOp.Equals => "==",
            BinaryOp.NotEquals => "!=",
            BinaryOp.LessThan => "<",
            BinaryOp.LessThanOrEqual => "<=",
            BinaryOp.GreaterThan => ">",
            BinaryOp.GreaterThanOrEqual => ">=",
            BinaryOp.ConditionalAnd => "&&",
            BinaryOp.ConditionalOr => "||",
            BinaryOp.And => "&",
            BinaryOp.Or => "|",
            BinaryOp.ExclusiveOr => "^",
            BinaryOp.LeftShift => "<<",
            _ => ">>",
        };

    private static string UnaryText(UnaryOp op)
        => op switch
        {
            UnaryOp.Negate => "-",
            UnaryOp.Plus => "+",
            UnaryOp.Not => "!",
            _ => "~",
        };
}
