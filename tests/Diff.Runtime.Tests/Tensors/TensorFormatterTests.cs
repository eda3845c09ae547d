namespace DiffGen.Runtime.Tests.Tensors;

/// <summary>
/// <see cref="Tensor.ToString"/> against TensorFlow's eager printing, <c>tf.Tensor(…, shape=…, dtype=float32)</c>
/// around NumPy's <c>str</c> of the float32 values. The expected strings were produced by NumPy 1.24 itself
/// (<c>str(np.asarray(values, dtype=np.float32))</c> wrapped the way <c>tf.Tensor.__str__</c> wraps it: a newline
/// before a multi-line body), not by this library.
/// </summary>
public class TensorFormatterTests
{
    public static TheoryData<float[], int[], string> Explicit => new()
    {
        { new float[] { 6.0f }, new int[] {  }, "tf.Tensor(6.0, shape=(), dtype=float32)" },
        { new float[] { 0.10000000149011612f }, new int[] {  }, "tf.Tensor(0.1, shape=(), dtype=float32)" },
        { new float[] { -2.5f }, new int[] {  }, "tf.Tensor(-2.5, shape=(), dtype=float32)" },
        { new float[] { 9.999999747378752e-06f }, new int[] {  }, "tf.Tensor(1e-05, shape=(), dtype=float32)" },
        { new float[] { 10000000000.0f }, new int[] {  }, "tf.Tensor(10000000000.0, shape=(), dtype=float32)" },
        { new float[] { 1.0000000272564224e+16f }, new int[] {  }, "tf.Tensor(1e+16, shape=(), dtype=float32)" },
        { new float[] { 123456792.0f }, new int[] {  }, "tf.Tensor(123456790.0, shape=(), dtype=float32)" },
        { new float[] { float.NaN }, new int[] {  }, "tf.Tensor(nan, shape=(), dtype=float32)" },
        { new float[] { float.PositiveInfinity }, new int[] {  }, "tf.Tensor(inf, shape=(), dtype=float32)" },
        { new float[] { float.NegativeInfinity }, new int[] {  }, "tf.Tensor(-inf, shape=(), dtype=float32)" },
        { new float[] { 0.3333333432674408f }, new int[] {  }, "tf.Tensor(0.33333334, shape=(), dtype=float32)" },
        { new float[] { -0.0f }, new int[] {  }, "tf.Tensor(-0.0, shape=(), dtype=float32)" },
        { new float[] { 0.0f }, new int[] {  }, "tf.Tensor(0.0, shape=(), dtype=float32)" },
        { new float[] { 9.999999747378752e-05f }, new int[] {  }, "tf.Tensor(1e-04, shape=(), dtype=float32)" },
        { new float[] { 12345678.0f }, new int[] {  }, "tf.Tensor(12345678.0, shape=(), dtype=float32)" },
        { new float[] { 2.499999993688107e-07f }, new int[] {  }, "tf.Tensor(2.5e-07, shape=(), dtype=float32)" },
        { new float[] { 3.000000060122632e+20f }, new int[] {  }, "tf.Tensor(3e+20, shape=(), dtype=float32)" },
        { new float[] { 1.0f, 2.0f, 3.0f }, new int[] { 3 }, "tf.Tensor([1. 2. 3.], shape=(3,), dtype=float32)" },
        { new float[] { 0.5f, 1.25f, -3.0f }, new int[] { 3 }, "tf.Tensor([ 0.5   1.25 -3.  ], shape=(3,), dtype=float32)" },
        { new float[] { 1.0f, 2.0f, 3.0f, 4.0f }, new int[] { 2, 2 }, "tf.Tensor(\n[[1. 2.]\n [3. 4.]], shape=(2, 2), dtype=float32)" },
        { new float[] { 9.999999747378752e-06f, 1.0f }, new int[] { 2 }, "tf.Tensor([1.e-05 1.e+00], shape=(2,), dtype=float32)" },
        { new float[] { 1.0f, 2000.0f }, new int[] { 2 }, "tf.Tensor([1.e+00 2.e+03], shape=(2,), dtype=float32)" },
        { new float[] { 1.5f, 2000.0f }, new int[] { 2 }, "tf.Tensor([1.5e+00 2.0e+03], shape=(2,), dtype=float32)" },
        { new float[] { -1.0f, 2000.0f }, new int[] { 2 }, "tf.Tensor([-1.e+00  2.e+03], shape=(2,), dtype=float32)" },
        { new float[] { 0.10000000149011612f, 0.20000000298023224f, 0.30000001192092896f }, new int[] { 3 }, "tf.Tensor([0.1 0.2 0.3], shape=(3,), dtype=float32)" },
        { new float[] { 0.3333333432674408f, 0.6666666865348816f }, new int[] { 2 }, "tf.Tensor([0.33333334 0.6666667 ], shape=(2,), dtype=float32)" },
        { new float[] { 1.5f, float.NaN }, new int[] { 2 }, "tf.Tensor([1.5 nan], shape=(2,), dtype=float32)" },
        { new float[] { 10.25f, float.NaN, float.NegativeInfinity }, new int[] { 3 }, "tf.Tensor([10.25   nan  -inf], shape=(3,), dtype=float32)" },
        { new float[] { 0.0f, -0.0f }, new int[] { 2 }, "tf.Tensor([ 0. -0.], shape=(2,), dtype=float32)" },
        { new float[] { 100000000.0f, 1.0f }, new int[] { 2 }, "tf.Tensor([1.e+08 1.e+00], shape=(2,), dtype=float32)" },
        { new float[] { 123456.7890625f, 1.5f }, new int[] { 2 }, "tf.Tensor([1.2345679e+05 1.5000000e+00], shape=(2,), dtype=float32)" },
        { new float[] { 9.999999747378752e-05f, 1.0f }, new int[] { 2 }, "tf.Tensor([1.e-04 1.e+00], shape=(2,), dtype=float32)" },
        { new float[] { 0.0010000000474974513f, 1.0f }, new int[] { 2 }, "tf.Tensor([0.001 1.   ], shape=(2,), dtype=float32)" },
        { new float[] { 0.0010000000474974513f, 2.0f }, new int[] { 2 }, "tf.Tensor([1.e-03 2.e+00], shape=(2,), dtype=float32)" },
        { new float[] { 1.0f, 2.5f }, new int[] { 2 }, "tf.Tensor([1.  2.5], shape=(2,), dtype=float32)" },
        { new float[] { 1234.5f, 2.0f }, new int[] { 2 }, "tf.Tensor([1234.5    2. ], shape=(2,), dtype=float32)" },
        { new float[] { -1.5f, 2.0f, 3.0f, -40.25f }, new int[] { 2, 2 }, "tf.Tensor(\n[[ -1.5    2.  ]\n [  3.   -40.25]], shape=(2, 2), dtype=float32)" },
        { new float[] { 1.0f, 2.0f }, new int[] { 2, 1 }, "tf.Tensor(\n[[1.]\n [2.]], shape=(2, 1), dtype=float32)" },
        { new float[] { 1.0f, 2.0f, 3.0f }, new int[] { 1, 3 }, "tf.Tensor([[1. 2. 3.]], shape=(1, 3), dtype=float32)" },
        { new float[] { 1.0f, 2.0f, 3.0f, 4.0f, 5.0f, 6.0f, 7.0f, 8.0f }, new int[] { 2, 2, 2 }, "tf.Tensor(\n[[[1. 2.]\n  [3. 4.]]\n\n [[5. 6.]\n  [7. 8.]]], shape=(2, 2, 2), dtype=float32)" },
        { new float[] { 0.0f, 0.0f, 0.0f }, new int[] { 3 }, "tf.Tensor([0. 0. 0.], shape=(3,), dtype=float32)" },
        { new float[] { float.NaN, float.NaN }, new int[] { 2 }, "tf.Tensor([nan nan], shape=(2,), dtype=float32)" },
        { new float[] { float.PositiveInfinity, 1.0f }, new int[] { 2 }, "tf.Tensor([inf  1.], shape=(2,), dtype=float32)" },
        { new float[] { -9.999999747378752e-06f, 1.9999999494757503e-05f }, new int[] { 2 }, "tf.Tensor([-1.e-05  2.e-05], shape=(2,), dtype=float32)" },
        { new float[] { 9.999999747378752e-06f, float.NaN }, new int[] { 2 }, "tf.Tensor([1.e-05    nan], shape=(2,), dtype=float32)" },
        { new float[] { 0.5f }, new int[] { 1 }, "tf.Tensor([0.5], shape=(1,), dtype=float32)" },
        { new float[] { 0.25f, 100.0f, 3.0f, -7.125f }, new int[] { 2, 2 }, "tf.Tensor(\n[[  0.25  100.   ]\n [  3.     -7.125]], shape=(2, 2), dtype=float32)" },
        { new float[] { 1.0000000150474662e+30f, -1.0000000031710769e-30f }, new int[] { 2 }, "tf.Tensor([ 1.e+30 -1.e-30], shape=(2,), dtype=float32)" },
        { new float[] { 0.10000000149011612f, 1.100000023841858f, 2.0999999046325684f, 3.0999999046325684f, 4.099999904632568f, 5.099999904632568f, 6.099999904632568f, 7.099999904632568f, 8.100000381469727f, 9.100000381469727f, 10.100000381469727f, 11.100000381469727f }, new int[] { 12 }, "tf.Tensor([ 0.1  1.1  2.1  3.1  4.1  5.1  6.1  7.1  8.1  9.1 10.1 11.1], shape=(12,), dtype=float32)" },
        { new float[] { -701.75f, -601.5f, -501.25f, -401.0f, -300.75f, -200.5f, -100.25f, 0.0f, 100.25f, 200.5f, 300.75f, 401.0f, 501.25f, 601.5f, 701.75f }, new int[] { 15 }, "tf.Tensor(\n[-701.75 -601.5  -501.25 -401.   -300.75 -200.5  -100.25    0.    100.25\n  200.5   300.75  401.    501.25  601.5   701.75], shape=(15,), dtype=float32)" },
        { new float[] { 0.0f, 0.0010000000474974513f, 0.0020000000949949026f, 0.003000000026077032f, 0.004000000189989805f, 0.004999999888241291f, 0.006000000052154064f, 0.007000000216066837f, 0.00800000037997961f, 0.0f, 0.0010000000474974513f, 0.0020000000949949026f, 0.003000000026077032f, 0.004000000189989805f, 0.004999999888241291f, 0.006000000052154064f, 0.007000000216066837f, 0.00800000037997961f, 0.0f, 0.0010000000474974513f, 0.0020000000949949026f, 0.003000000026077032f, 0.004000000189989805f, 0.004999999888241291f, 0.006000000052154064f, 0.007000000216066837f, 0.00800000037997961f }, new int[] { 3, 9 }, "tf.Tensor(\n[[0.    0.001 0.002 0.003 0.004 0.005 0.006 0.007 0.008]\n [0.    0.001 0.002 0.003 0.004 0.005 0.006 0.007 0.008]\n [0.    0.001 0.002 0.003 0.004 0.005 0.006 0.007 0.008]], shape=(3, 9), dtype=float32)" },
        { new float[] { -41933092.0f, 40359032.0f, 16353288.0f }, new int[] { 3 }, "tf.Tensor([-41933092.  40359032.  16353288.], shape=(3,), dtype=float32)" },
        { new float[] { -0.925336480140686f, 344.042724609375f, 0.0014131844509392977f }, new int[] { 3 }, "tf.Tensor([-9.2533648e-01  3.4404272e+02  1.4131845e-03], shape=(3,), dtype=float32)" },
        { new float[] { 0.0001234567753272131f, 1.5f }, new int[] { 2 }, "tf.Tensor([1.2345678e-04 1.5000000e+00], shape=(2,), dtype=float32)" },
        { new float[] { 0.12345679104328156f, 2.0f }, new int[] { 2 }, "tf.Tensor([0.12345679 2.        ], shape=(2,), dtype=float32)" },
        { new float[] { -3.0f, -2.5f, -2.0f, -1.5f, -1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 2.5f, 3.0f, 3.5f, 4.0f, 4.5f }, new int[] { 2, 2, 2, 2 }, "tf.Tensor(\n[[[[-3.  -2.5]\n   [-2.  -1.5]]\n\n  [[-1.  -0.5]\n   [ 0.   0.5]]]\n\n\n [[[ 1.   1.5]\n   [ 2.   2.5]]\n\n  [[ 3.   3.5]\n   [ 4.   4.5]]]], shape=(2, 2, 2, 2), dtype=float32)" },
        { new float[] { 9.999999747378752e-06f, -2500.0f, float.NaN, float.PositiveInfinity }, new int[] { 2, 2 }, "tf.Tensor(\n[[ 1.0e-05 -2.5e+03]\n [     nan      inf]], shape=(2, 2), dtype=float32)" },
        { new float[] { 0.0f, 9.999999747378752e-06f }, new int[] { 2 }, "tf.Tensor([0.e+00 1.e-05], shape=(2,), dtype=float32)" },
        { new float[] { float.NegativeInfinity, float.NaN, 0.5f }, new int[] { 3 }, "tf.Tensor([-inf  nan  0.5], shape=(3,), dtype=float32)" },
        { new float[] { 0.0001234567753272131f, 0.1f }, new int[] { 2 }, "tf.Tensor([0.00012346 0.1       ], shape=(2,), dtype=float32)" },
    };

    /// <summary>np.arange(size) reshaped: long vectors wrap at 75 columns, more than 1000 elements are elided.</summary>
    public static TheoryData<int[], string> Ranges => new()
    {
        { new int[] { 30 }, "tf.Tensor(\n[ 0.  1.  2.  3.  4.  5.  6.  7.  8.  9. 10. 11. 12. 13. 14. 15. 16. 17.\n 18. 19. 20. 21. 22. 23. 24. 25. 26. 27. 28. 29.], shape=(30,), dtype=float32)" },
        { new int[] { 40, 30 }, "tf.Tensor(\n[[0.000e+00 1.000e+00 2.000e+00 ... 2.700e+01 2.800e+01 2.900e+01]\n [3.000e+01 3.100e+01 3.200e+01 ... 5.700e+01 5.800e+01 5.900e+01]\n [6.000e+01 6.100e+01 6.200e+01 ... 8.700e+01 8.800e+01 8.900e+01]\n ...\n [1.110e+03 1.111e+03 1.112e+03 ... 1.137e+03 1.138e+03 1.139e+03]\n [1.140e+03 1.141e+03 1.142e+03 ... 1.167e+03 1.168e+03 1.169e+03]\n [1.170e+03 1.171e+03 1.172e+03 ... 1.197e+03 1.198e+03 1.199e+03]], shape=(40, 30), dtype=float32)" },
        { new int[] { 10, 10, 20 }, "tf.Tensor(\n[[[0.000e+00 1.000e+00 2.000e+00 ... 1.700e+01 1.800e+01 1.900e+01]\n  [2.000e+01 2.100e+01 2.200e+01 ... 3.700e+01 3.800e+01 3.900e+01]\n  [4.000e+01 4.100e+01 4.200e+01 ... 5.700e+01 5.800e+01 5.900e+01]\n  ...\n  [1.400e+02 1.410e+02 1.420e+02 ... 1.570e+02 1.580e+02 1.590e+02]\n  [1.600e+02 1.610e+02 1.620e+02 ... 1.770e+02 1.780e+02 1.790e+02]\n  [1.800e+02 1.810e+02 1.820e+02 ... 1.970e+02 1.980e+02 1.990e+02]]\n\n [[2.000e+02 2.010e+02 2.020e+02 ... 2.170e+02 2.180e+02 2.190e+02]\n  [2.200e+02 2.210e+02 2.220e+02 ... 2.370e+02 2.380e+02 2.390e+02]\n  [2.400e+02 2.410e+02 2.420e+02 ... 2.570e+02 2.580e+02 2.590e+02]\n  ...\n  [3.400e+02 3.410e+02 3.420e+02 ... 3.570e+02 3.580e+02 3.590e+02]\n  [3.600e+02 3.610e+02 3.620e+02 ... 3.770e+02 3.780e+02 3.790e+02]\n  [3.800e+02 3.810e+02 3.820e+02 ... 3.970e+02 3.980e+02 3.990e+02]]\n\n [[4.000e+02 4.010e+02 4.020e+02 ... 4.170e+02 4.180e+02 4.190e+02]\n  [4.200e+02 4.210e+02 4.220e+02 ... 4.370e+02 4.380e+02 4.390e+02]\n  [4.400e+02 4.410e+02 4.420e+02 ... 4.570e+02 4.580e+02 4.590e+02]\n  ...\n  [5.400e+02 5.410e+02 5.420e+02 ... 5.570e+02 5.580e+02 5.590e+02]\n  [5.600e+02 5.610e+02 5.620e+02 ... 5.770e+02 5.780e+02 5.790e+02]\n  [5.800e+02 5.810e+02 5.820e+02 ... 5.970e+02 5.980e+02 5.990e+02]]\n\n ...\n\n [[1.400e+03 1.401e+03 1.402e+03 ... 1.417e+03 1.418e+03 1.419e+03]\n  [1.420e+03 1.421e+03 1.422e+03 ... 1.437e+03 1.438e+03 1.439e+03]\n  [1.440e+03 1.441e+03 1.442e+03 ... 1.457e+03 1.458e+03 1.459e+03]\n  ...\n  [1.540e+03 1.541e+03 1.542e+03 ... 1.557e+03 1.558e+03 1.559e+03]\n  [1.560e+03 1.561e+03 1.562e+03 ... 1.577e+03 1.578e+03 1.579e+03]\n  [1.580e+03 1.581e+03 1.582e+03 ... 1.597e+03 1.598e+03 1.599e+03]]\n\n [[1.600e+03 1.601e+03 1.602e+03 ... 1.617e+03 1.618e+03 1.619e+03]\n  [1.620e+03 1.621e+03 1.622e+03 ... 1.637e+03 1.638e+03 1.639e+03]\n  [1.640e+03 1.641e+03 1.642e+03 ... 1.657e+03 1.658e+03 1.659e+03]\n  ...\n  [1.740e+03 1.741e+03 1.742e+03 ... 1.757e+03 1.758e+03 1.759e+03]\n  [1.760e+03 1.761e+03 1.762e+03 ... 1.777e+03 1.778e+03 1.779e+03]\n  [1.780e+03 1.781e+03 1.782e+03 ... 1.797e+03 1.798e+03 1.799e+03]]\n\n [[1.800e+03 1.801e+03 1.802e+03 ... 1.817e+03 1.818e+03 1.819e+03]\n  [1.820e+03 1.821e+03 1.822e+03 ... 1.837e+03 1.838e+03 1.839e+03]\n  [1.840e+03 1.841e+03 1.842e+03 ... 1.857e+03 1.858e+03 1.859e+03]\n  ...\n  [1.940e+03 1.941e+03 1.942e+03 ... 1.957e+03 1.958e+03 1.959e+03]\n  [1.960e+03 1.961e+03 1.962e+03 ... 1.977e+03 1.978e+03 1.979e+03]\n  [1.980e+03 1.981e+03 1.982e+03 ... 1.997e+03 1.998e+03 1.999e+03]]], shape=(10, 10, 20), dtype=float32)" },
        { new int[] { 1001 }, "tf.Tensor([   0.    1.    2. ...  998.  999. 1000.], shape=(1001,), dtype=float32)" },
        { new int[] { 2, 0 }, "tf.Tensor([], shape=(2, 0), dtype=float32)" },
        { new int[] { 0 }, "tf.Tensor([], shape=(0,), dtype=float32)" },
        { new int[] { 20, 60 }, "tf.Tensor(\n[[0.000e+00 1.000e+00 2.000e+00 ... 5.700e+01 5.800e+01 5.900e+01]\n [6.000e+01 6.100e+01 6.200e+01 ... 1.170e+02 1.180e+02 1.190e+02]\n [1.200e+02 1.210e+02 1.220e+02 ... 1.770e+02 1.780e+02 1.790e+02]\n ...\n [1.020e+03 1.021e+03 1.022e+03 ... 1.077e+03 1.078e+03 1.079e+03]\n [1.080e+03 1.081e+03 1.082e+03 ... 1.137e+03 1.138e+03 1.139e+03]\n [1.140e+03 1.141e+03 1.142e+03 ... 1.197e+03 1.198e+03 1.199e+03]], shape=(20, 60), dtype=float32)" },
        { new int[] { 1001, 1 }, "tf.Tensor(\n[[   0.]\n [   1.]\n [   2.]\n ...\n [ 998.]\n [ 999.]\n [1000.]], shape=(1001, 1), dtype=float32)" },
        { new int[] { 3, 400 }, "tf.Tensor(\n[[0.000e+00 1.000e+00 2.000e+00 ... 3.970e+02 3.980e+02 3.990e+02]\n [4.000e+02 4.010e+02 4.020e+02 ... 7.970e+02 7.980e+02 7.990e+02]\n [8.000e+02 8.010e+02 8.020e+02 ... 1.197e+03 1.198e+03 1.199e+03]], shape=(3, 400), dtype=float32)" },
    };

    [Theory]
    [MemberData(nameof(Explicit))]
    public void Formats_like_TensorFlow(float[] values, int[] shape, string expected) =>
        Assert.Equal(expected, Tensor.From(values, new Shape(shape)).ToString());

    [Theory]
    [MemberData(nameof(Ranges))]
    public void Formats_ranges_like_TensorFlow(int[] shape, string expected)
    {
        var size = shape.Aggregate(1, (p, d) => p * d);
        Assert.Equal(expected, Tensor.From([.. Enumerable.Range(0, size).Select(i => (float)i)], new Shape(shape)).ToString());
    }

    [Fact]
    public void The_lecture_scalar() => Assert.Equal("tf.Tensor(6.0, shape=(), dtype=float32)", Tensor.Scalar(6f).ToString());

    [Fact]
    public void A_scalar_variable_prints_like_tf_Variable() =>
        Assert.Equal("<tf.Variable 'x:0' shape=() dtype=float32, numpy=3.0>", new Variable(3f, name: "x").ToString());
}
