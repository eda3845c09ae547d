using System.Reflection;

namespace DiffGen.Runtime.Tests.Attributes;

/// <summary>
/// The attributes are the public surface the generator keys on: their namespace and full names are what
/// <c>ForAttributeWithMetadataName</c> looks for, and their targets keep users from putting them where they mean nothing.
/// </summary>
public class AttributeContractTests
{
    [Theory]
    [InlineData(typeof(DifferentiableAttribute), "DiffGen.DifferentiableAttribute", AttributeTargets.Method)]
    [InlineData(typeof(NoDerivativeAttribute), "DiffGen.NoDerivativeAttribute", AttributeTargets.Parameter | AttributeTargets.Field | AttributeTargets.Property)]
    [InlineData(typeof(TapeOpAttribute), "DiffGen.TapeOpAttribute", AttributeTargets.Method)]
    public void Attribute_has_the_name_and_target_the_generator_relies_on(Type attribute, string fullName, AttributeTargets targets)
    {
        Assert.Equal(fullName, attribute.FullName);
        var usage = attribute.GetCustomAttribute<AttributeUsageAttribute>()!;
        Assert.Equal(targets, usage.ValidOn);
        Assert.False(usage.AllowMultiple);
        Assert.False(usage.Inherited);
        Assert.True(attribute.IsSealed);
    }
}
