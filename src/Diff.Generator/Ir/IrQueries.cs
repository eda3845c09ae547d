using System.Collections.Generic;
using System.Linq;
using DiffGen.Generator.Model;

namespace DiffGen.Generator.Ir;

/// <summary>Questions the later stages ask of the IR and of code expressions, answered in one place.</summary>
internal static class IrQueries
{
    /// <summary>
    /// Every operand an operation reads, passive code included (as an inline operand); a load also reads its array
    /// (by name), so an array stays alive while it is read.
    /// </summary>
    public static IEnumerable<Operand> Operands(IrOp op)
        => op switch
        {
            CopyOp copy => new[] { copy.Source },
            NegateOp negate => new[] { negate.Operand },
            ArithmeticOp arithmetic => new[] { arithmetic.Left, arithmetic.Right },
            ConvertOp convert => new[] { convert.Source },
            MathOp math => math.Arguments,
            CallOp call => (call.Receiver is null ? call.Arguments : call.Arguments.Add(call.Receiver))
                .AddRange(call.Writes.SelectMany(w => new[] { w.Start, w.Length, new InlineOperand(TypeRef.Int, new NameCode(w.Destination)) })),
            LoadOp { Row: { } row } load => new Operand[] { load.Index, row, new InlineOperand(TypeRef.Int, new NameCode(load.Array)) },
            LoadOp load => new Operand[] { load.Index, new InlineOperand(TypeRef.Int, new NameCode(load.Array)) },
            PassiveOp passive => new[] { new InlineOperand(TypeRef.Bool, passive.Code) },
            _ => Enumerable.Empty<Operand>(),
        };

    /// <summary>The array writes among the instructions, nested ones included, in program order.</summary>
    public static IEnumerable<StoreInstr> Stores(IEnumerable<Instr> instrs)
        => instrs.SelectMany(i => i switch
        {
            StoreInstr s => new[] { s },
            IfInstr b => Stores(b.Then).Concat(Stores(b.Else)),
            LoopInstr l => Stores(l.Body),
            _ => Enumerable.Empty<StoreInstr>(),
        });

    /// <summary>Whether the instructions (nested ones included) throw or call something for its effect.</summary>
    public static bool EffectsIn(IEnumerable<Instr> instrs)
        => instrs.Any(i => i switch
        {
            EffectInstr => true,
            IfInstr b => EffectsIn(b.Then) || EffectsIn(b.Else),
            LoopInstr l => EffectsIn(l.Body),
            _ => false,
        });

    /// <summary>Whether the instructions (nested ones included) write array elements.</summary>
    public static bool StoresIn(IEnumerable<Instr> instrs) => Stores(instrs).Any();

    /// <summary>The array an array argument passes, whole (<c>v</c>) or in part (a slice of <c>v</c>); null for passive data.</summary>
    public static string? ArrayName(Operand operand)
        => operand switch
        {
            InlineOperand { Code: NameCode name } => name.Name,
            InlineOperand { Code: SliceCode { Array: NameCode name } } => name.Name,
            _ => null,
        };

    /// <summary>Every name a code expression reads.</summary>
    public static IEnumerable<string> Names(CodeExpr expression)
    {
        var names = new List<string>();
        AddNames(expression, names);
        return names;
    }

    /// <summary>
    /// Appends every name <paramref name="expression"/> reads to <paramref name="names"/>, in the order (and as often)
    /// as they occur: one list per query instead of a chain of lazy concatenations, which made every query walk
    /// nested enumerators (a hot path of the reverse sweep's peepholes).
    /// </summary>
    public static void AddNames(CodeExpr expression, List<string> names)
    {
        switch (expression)
        {
            case NameCode name:
                names.Add(name.Name);
                break;
            case BinaryCode binary:
                AddNames(binary.Left, names);
                AddNames(binary.Right, names);
                break;
            case UnaryCode unary:
                AddNames(unary.Operand, names);
                break;
            case CastCode cast:
                AddNames(cast.Operand, names);
                break;
            case ConditionalCode conditional:
                AddNames(conditional.Condition, names);
                AddNames(conditional.WhenTrue, names);
                AddNames(conditional.WhenFalse, names);
                break;
            case CallCode call:
                foreach (var argument in call.Arguments)
                {
                    AddNames(argument, names);
                }

                break;
            case InstanceCallCode call:
                AddNames(call.Receiver, names);
                foreach (var argument in call.Arguments)
                {
                    AddNames(argument, names);
                }

                break;
            case RefArgumentCode reference:
                AddNames(reference.Operand, names);
                break;
            case OutArgumentCode { Operand: { } written }:
                AddNames(written, names);
                break;
            case IndexCode index:
                AddNames(index.Array, names);
                AddNames(index.Index, names);
                break;
            case MemberCode member:
                AddNames(member.Target, names);
                break;
            case WithCode with:
                AddNames(with.Target, names);
                AddNames(with.Value, names);
                break;
            case SliceCode slice:
                AddNames(slice.Array, names);
                AddNames(slice.Start, names);
                AddNames(slice.Length, names);
                break;
            case TemplateCode template:
                foreach (var hole in template.Holes)
                {
                    AddNames(hole, names);
                }

                break;
        }
    }
}
