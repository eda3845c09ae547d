namespace DiffGen.Runtime.Tests.Tensors;

/// <summary>
/// Large arrays a <see cref="TensorScope"/> releases are reused. The buffer pool is process-wide (other tests' scopes
/// fill and drain it, and it stops taking arrays when full), so this runs alone
/// (<see cref="ProcessWideStateCollection"/>) and starts from an empty pool.
/// </summary>
[Collection(ProcessWideStateCollection.Name)]
public sealed class TensorBufferPoolTests
{
    [Fact]
    public void The_array_a_scope_released_is_the_one_the_next_scope_gets()
    {
        TensorBufferPool.Clear();
        var x = Tensor.RandomUniform(new Shape(TensorScopeTests.Large), seed: 8);
        float[] released;
        using (new TensorScope())
        {
            released = (x * 2f).Data;
        }

        using (new TensorScope())
        {
            var y = x * 3f; // rents the released array, whose old values it overwrites
            Assert.Same(released, y.Data);
            Assert.Equal(x.ToArray().Select(v => v * 3f).ToArray(), y.ToArray());
        }
    }
}
