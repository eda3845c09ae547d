using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using DiffGen.Generator.Ir;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Reverse;

/// <summary>SSA IR → the pullback's body: forward sweep, reverse sweep, gradient accumulation.</summary>
internal static class Differentiator
{
    public const string SeedName = "seed";

    public static AdjointBody Differentiate(IrMethod method, string seedName)
    {
        method = LoopInvariants.Hoist(method);
        var active = Activity.Analyze(method);
        // Gradient buffers: an active array parameter's is its gradient parameter; an active local array gets one.
        var arrayGradients = method.Model.Parameters.Where(p => p.IsActive && p.Type.IsArray).ToDictionary(p => p.Name, p => p.GradientName);
        foreach (var flat in method.Model.FlatArrays.Where(f => f.GradientFlatId is not null))
        {
            arrayGradients[flat.FlatId] = flat.GradientFlatId!;
        }

        foreach (var array in LocalArrays(method.Body).Where(a => active.Contains(a.Array)))
        {
            arrayGradients[array.Array] = method.Names.Derived("_d_" + array.Array);
        }

        var arrayElements = method.Model.Parameters.Where(p => p.Type.IsArray).ToDictionary(p => p.Name, p => p.Type.Element!);
        foreach (var flat in method.Model.FlatArrays)
        {
            arrayElements[flat.FlatId] = flat.Element;
        }

        foreach (var array in LocalArrays(method.Body))
        {
            arrayElements[array.Array] = array.Type.Element!;
        }

        var sweep = new ReverseSweep(active, method.Names, method.Model.ReturnType, arrayGradients, arrayElements);

        // The reverse sweep first: it decides what each loop's forward sweep must record.
        var reverse = sweep.Build(method, new NameCode(seedName), "The returned value's adjoint starts at the seed.");
        var forward = sweep.Forward.Region(method.Body, tapeLoops: true);

        var accumulate = new List<CodeStmt>();
        foreach (var parameter in method.Model.Parameters.Where(p => p.IsActive && !p.Type.IsArray && sweep.HasAdjoint(p.Name)))
        {
            CodeExpr adjoint = new NameCode(sweep.AdjointName(new SsaVar(parameter.Name, parameter.Type)));
            if (sweep.AdjointType(parameter.Type) != parameter.Type)
            {
                adjoint = new CastCode(parameter.Type.Name, adjoint);
            }

            accumulate.Add(new AssignCode(parameter.GradientName, "+=", adjoint));
        }

        foreach (var input in method.Model.FieldInputs.Where(f => sweep.HasAdjoint(f.Id)))
        {
            // A struct parameter's field: its adjoint goes into the same field of the gradient struct.
            CodeExpr adjoint = new NameCode(sweep.AdjointName(new SsaVar(input.Id, input.Field.Type)));
            if (sweep.AdjointType(input.Field.Type) != input.Field.Type)
            {
                adjoint = new CastCode(input.Field.Type.Name, adjoint);
            }

            var gradient = "d" + input.Parameter;
            accumulate.Add(input.Field.IsNested
                ? new AssignCode(gradient, "=", AddIntoNested(new NameCode(gradient), input.Field.Member.Split('.'), 0, adjoint))
                : input.Field.InitOnly
                ? new AssignCode(gradient, "=", new WithCode(new NameCode(gradient), input.Field.Member, Code.Binary("+", new MemberCode(new NameCode(gradient), input.Field.Member), adjoint)))
                : new AssignCode(gradient + "." + input.Field.Member, "+=", adjoint));
        }

        // Out parameters take their final values at the end of the forward sweep (before the reverse moves loop cells).
        // A ref parameter's initial value is still read by the reverse sweep: its final value is kept in a local and
        // assigned after the accumulation.
        var refWrites = new List<CodeStmt>();
        foreach (var (parameter, final) in method.Outputs)
        {
            if (!parameter.IsRef)
            {
                forward.Add(new AssignCode(parameter.Name, "=", Lowering.ToCode(final)));
            }
            else if (final is not VarOperand { Var.Name: var unchanged } || unchanged != parameter.Name)
            {
                var kept = method.Names.Temp("_" + parameter.Name + "_final");
                forward.Add(new DeclareCode(parameter.Type, kept, Lowering.ToCode(final)));
                refWrites.Add(new AssignCode(parameter.Name, "=", new NameCode(kept)));
            }
        }

        foreach (var written in method.Model.ArrayOutputs)
        {
            // An array the body wrote: its working copy's final elements go back into the caller's array.
            forward.Add(new ExpressionCode(Code.Call(written.Local + ".CopyTo", new NameCode(written.Parameter))));
        }

        accumulate.AddRange(refWrites);
        var result = Lowering.ToCode(method.Result);
        if (refWrites.Count > 0 && method.Outputs.Any(o => o.Parameter.IsRef && IrQueries.Names(result).Contains(o.Parameter.Name)))
        {
            // The result reads a ref parameter's initial value, which the write-back replaces: keep it first.
            var keptResult = method.Names.Temp("_value");
            forward.Add(new DeclareCode(method.Model.ReturnType, keptResult, result));
            result = new NameCode(keptResult);
        }

        if (method.Result is VarOperand { Var: var value } && IsCell(method.Body, value))
        {
            // The reverse sweep restores loop cells to their earlier values: keep the result before it runs.
            var kept = method.Names.Temp("_value");
            forward.Add(new DeclareCode(value.Type, kept, result));
            result = new NameCode(kept);
        }

        var declared = DeclareAdjoints(reverse, sweep.AdjointTypes);
        var inputs = method.Model.Parameters.Where(p => p.IsActive).ToList();
        var (forwardCode, reverseCode) = (Fold(forward), Fold(declared));
        if (sweep.TapeName is { } tape)
        {
            (forwardCode, reverseCode) = TapeReservation.Apply(forwardCode, reverseCode, tape);
        }

        return new AdjointBody(forwardCode, reverseCode, accumulate.ToImmutableArray(), result, sweep.TapeName, sweep.Forward.Cleanup(method.Body))
        {
            IgnoresInputs = inputs.Count > 0 && !inputs.Any(p => active.Contains(p.Name) || method.Model.FlatArrays.Any(f => f.Array == p.Name && active.Contains(f.FlatId))
                || method.Model.FieldInputs.Any(f => f.Parameter == p.Name && active.Contains(f.Id))),
        };
    }

    /// <summary>
    /// <c>d with { A = d.A with { B = d.A.B + adjoint } }</c>: the gradient struct with a nested field added into, by
    /// <c>with</c> at every level (a property's struct value cannot be assigned into in place).
    /// </summary>
    private static CodeExpr AddIntoNested(CodeExpr gradient, string[] path, int level, CodeExpr adjoint)
    {
        var member = new MemberCode(gradient, path[level]);
        var value = level == path.Length - 1 ? Code.Binary("+", member, adjoint) : AddIntoNested(member, path, level + 1, adjoint);
        return new WithCode(gradient, path[level], value);
    }

    /// <summary>The exact peepholes on the finished statements: zero starts, then negations.</summary>
    private static ImmutableArray<CodeStmt> Fold(IEnumerable<CodeStmt> statements) => NegationFolding.Fold(ZeroInitFolding.Fold(statements));

    /// <summary>Every local array, those declared in branches too (code after an early return runs in an else branch).</summary>
    private static IEnumerable<ArrayInstr> LocalArrays(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i switch
        {
            ArrayInstr array => new[] { array },
            IfInstr branch => LocalArrays(branch.Then).Concat(LocalArrays(branch.Else)),
            _ => Enumerable.Empty<ArrayInstr>(),
        });

    private static bool IsCell(IEnumerable<Instr> instrs, SsaVar variable)
        => instrs.Any(i => i switch
        {
            LoopInstr loop => loop.Cells.Any(c => c.Var == variable) || IsCell(loop.Body, variable),
            IfInstr branch => IsCell(branch.Then, variable) || IsCell(branch.Else, variable),
            _ => false,
        });

    /// <summary>
    /// Gives every adjoint a declaration: the first straight-line contribution becomes the declaration
    /// (<c>double _d_t0 = …;</c>); an adjoint first touched inside a branch or loop, or by reference, is declared as 0
    /// up front. Adjoints a loop iteration declares for itself are left alone.
    /// </summary>
    private static ImmutableArray<CodeStmt> DeclareAdjoints(List<CodeStmt> reverse, Dictionary<string, TypeRef> types)
    {
        var declared = new HashSet<string>();
        var upFront = new List<CodeStmt>();

        void Touch(IEnumerable<string> names)
        {
            foreach (var name in names.Where(n => types.ContainsKey(n) && declared.Add(n)))
            {
                upFront.Add(new DeclareCode(types[name], name, Code.Literal0(types[name])));
            }
        }

        var body = new List<CodeStmt>();
        foreach (var statement in reverse)
        {
            if (statement is AssignCode { Op: "+=" or "-=" } assign && types.ContainsKey(assign.Name) && !declared.Contains(assign.Name))
            {
                Touch(Names(assign.Value));
                declared.Add(assign.Name);
                var value = assign.Op == "+=" ? assign.Value : Code.Negate(assign.Value);
                body.Add(new DeclareCode(types[assign.Name], assign.Name, value));
                continue;
            }

            Touch(Names(statement));
            body.Add(statement);
        }

        return upFront.Concat(body).ToImmutableArray();
    }

    /// <summary>The names a statement reads or writes, without those it declares in a block of its own.</summary>
    public static IEnumerable<string> Names(CodeStmt statement)
    {
        var names = new List<string>();
        AddNames(statement, names);
        return names;
    }

    /// <summary>Appends <see cref="Names(CodeStmt)"/> of the statement to <paramref name="names"/>, in order.</summary>
    private static void AddNames(CodeStmt statement, List<string> names)
    {
        switch (statement)
        {
            case AssignCode assign:
                names.Add(assign.Name);
                IrQueries.AddNames(assign.Value, names);
                break;
            case DeclareCode declare:
                if (declare.Value is not null)
                {
                    IrQueries.AddNames(declare.Value, names);
                }

                break;
            case ElementAssignCode element:
                names.Add(element.Array);
                IrQueries.AddNames(element.Index, names);
                IrQueries.AddNames(element.Value, names);
                if (element.Row is not null)
                {
                    IrQueries.AddNames(element.Row, names);
                }

                break;
            case IfCode branch:
                IrQueries.AddNames(branch.Condition, names);
                AddBlockNames(branch.Then, names);
                AddBlockNames(branch.Else, names);
                break;
            case WhileCode loop:
                IrQueries.AddNames(loop.Condition, names);
                AddBlockNames(loop.Body, names);
                break;
            case ReverseForCode loop:
                IrQueries.AddNames(loop.From, names);
                AddBlockNames(loop.Body, names);
                break;
            case ExpressionCode expression:
                IrQueries.AddNames(expression.Expression, names);
                break;
            case ThrowCode thrown:
                IrQueries.AddNames(thrown.Exception, names);
                break;
        }
    }

    /// <summary>The names of a block's statements, without those the block declares.</summary>
    private static void AddBlockNames(ImmutableArray<CodeStmt> statements, List<string> names)
    {
        HashSet<string>? declaredHere = null;
        foreach (var statement in statements)
        {
            if (statement is DeclareCode declare)
            {
                (declaredHere ??= new HashSet<string>()).Add(declare.Name);
            }
        }

        var start = names.Count;
        foreach (var statement in statements)
        {
            AddNames(statement, names);
        }

        if (declaredHere is not null)
        {
            var kept = start;
            for (var i = start; i < names.Count; i++)
            {
                if (!declaredHere.Contains(names[i]))
                {
                    names[kept++] = names[i];
                }
            }

            names.RemoveRange(kept, names.Count - kept);
        }
    }

    public static IEnumerable<string> Names(CodeExpr expression) => IrQueries.Names(expression);
}
