namespace DiffGen;

/// <summary>One recorded op: its name (for error messages), inputs, output and pullback.</summary>
internal sealed record TapeEntry(string Op, Tensor[] Inputs, Tensor Output, Pullback Pullback);
