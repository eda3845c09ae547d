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
        var active = Activity.Analyze(method);
        var forward = ForwardSweep.Build(method);
        var sweep = new ReverseSweep(active, method.Names, method.Model.ReturnType);
        var reverse = sweep.Build(method, new NameCode(seedName), "The returned value's adjoint starts at the seed.");

        var accumulate = new List<CodeStmt>();
        foreach (var parameter in method.Model.Parameters.Where(p => p.IsActive && sweep.HasAdjoint(p.Name)))
        {
            CodeExpr adjoint = new NameCode(sweep.AdjointName(new SsaVar(parameter.Name, parameter.Type)));
            if (sweep.AdjointType(parameter.Type) != parameter.Type)
            {
                adjoint = new CastCode(parameter.Type.Name, adjoint);
            }

            accumulate.Add(new AssignCode(parameter.GradientName, "+=", adjoint));
        }

        var declared = DeclareAdjoints(reverse, sweep.AdjointTypes);
        return new AdjointBody(forward, declared, accumulate.ToImmutableArray(), Lowering.ToCode(method.Result));
    }

    /// <summary>
    /// Gives every adjoint a declaration: the first straight-line contribution becomes the declaration
    /// (<c>double _d_t0 = …;</c>); an adjoint first touched inside a branch or by reference is declared as 0 up front.
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

    private static IEnumerable<string> Names(CodeStmt statement)
        => statement switch
        {
            AssignCode assign => new[] { assign.Name }.Concat(Names(assign.Value)),
            DeclareCode declare => declare.Value is null ? Enumerable.Empty<string>() : Names(declare.Value),
            IfCode branch => Names(branch.Condition).Concat(branch.Then.SelectMany(Names)).Concat(branch.Else.SelectMany(Names)),
            ExpressionCode expression => Names(expression.Expression),
            _ => Enumerable.Empty<string>(),
        };

    private static IEnumerable<string> Names(CodeExpr expression)
        => expression switch
        {
            NameCode name => new[] { name.Name },
            BinaryCode binary => Names(binary.Left).Concat(Names(binary.Right)),
            UnaryCode unary => Names(unary.Operand),
            CastCode cast => Names(cast.Operand),
            ConditionalCode conditional => Names(conditional.Condition).Concat(Names(conditional.WhenTrue)).Concat(Names(conditional.WhenFalse)),
            CallCode call => call.Arguments.SelectMany(Names),
            RefArgumentCode reference => Names(reference.Operand),
            _ => Enumerable.Empty<string>(),
        };
}
