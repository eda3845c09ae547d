namespace DiffGen;

/// <summary>
/// Lifts a <c>[Differentiable]</c> scalar function into a tensor operation that a <see cref="GradientTape"/> records
/// as one node, its backward the generated <c>{Name}Pullback</c> applied to every element.
/// </summary>
/// <remarks>
/// <para>
/// The method must also be <c>[Differentiable]</c>, return <see cref="float"/>, and take the differentiated value as
/// its first parameter, a <see cref="float"/>; any further parameters are constants of the op — <c>[NoDerivative]</c>
/// floating-point values, integers or <see cref="bool"/>s. For
/// <c>[Differentiable, TapeOp] static float Swish(float x)</c> the generator adds, in the same type and with the same
/// accessibility:
/// </para>
/// <code>
/// static Tensor SwishOp(Tensor x);                       // y[i] = Swish(x[i]); one tape node
/// static ActivationFunction SwishActivation { get; }     // for new Dense(10, activation: MyOps.SwishActivation)
/// </code>
/// <para>
/// <c>{Name}Activation</c> is generated for methods with no constant parameters; its name is the containing type and
/// the method, e.g. <c>MyOps.Swish</c>. Any misuse (a wrong signature, a missing <c>[Differentiable]</c>) is a
/// compile-time error, <c>DG0022</c> or <c>DG0023</c>. An elementwise op's gradient can be differentiated again by a nested
/// tape (its second derivative, by forward mode over the generated pullback) when the pullback is straight-line code;
/// span ops, and third derivatives, are first order only and say so at run time.
/// </para>
/// </remarks>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class TapeOpAttribute : Attribute
{
}
