namespace DiffGen.Generator.Model;

/// <summary>
/// A [Differentiable] method that takes a struct (or is differentiated with respect to its struct receiver) is also
/// emitted as <c>{Name}ByFields</c>: the same function of the structs' fields, one parameter per field, with its own
/// pullback. A caller that holds a struct as separate field values (a struct local, a constructor's result) calls it
/// through that method, so its own derivative code stays scalar.
/// </summary>
internal static class FieldShim
{
    public const string Suffix = "ByFields";

    /// <summary>The shim's parameter for field <paramref name="member"/> of parameter <paramref name="parameter"/>.</summary>
    public static string LeafName(string parameter, string member) => parameter + "_" + member.Replace('.', '_');
}
