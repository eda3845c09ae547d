using DiffGen.Runtime.Tests.OpTests;

namespace DiffGen.Runtime.Tests.Layers;

/// <summary>
/// Direct double-precision loops for the convolution and pooling layers, written from the definitions (TensorFlow's
/// padding rule, the cross-correlation sum, the window maximum and mean) without im2col or any runtime code, so they
/// check the runtime's kernels rather than repeat them.
/// </summary>
internal static class WindowReference
{
    /// <summary>Output size and padding before, for one spatial axis (TensorFlow's rule).</summary>
    public static (int Out, int PadBefore) Axis(int size, int kernel, int stride, int dilation, string padding)
    {
        var span = ((kernel - 1) * dilation) + 1;
        return padding switch
        {
            "valid" => (((size - span) / stride) + 1, 0),
            "same" => ((int)Math.Ceiling(size / (double)stride), Math.Max(((int)Math.Ceiling(size / (double)stride) - 1) * stride + span - size, 0) / 2),
            "causal" => (((size - 1) / stride) + 1, span - 1),
            _ => throw new ArgumentException(padding),
        };
    }

    /// <summary>y[n, oh, ow, f] = b[f] + Σ_{i, j, c} x[n, oh·s + i·d − pad, ow·s + j·d − pad, c] · k[i, j, c, f] (zero outside).</summary>
    public static Ref Conv2D(Ref x, Ref kernel, Ref? bias, (int H, int W) strides, string padding, (int H, int W) dilation)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        int kh = kernel.Shape[0], kw = kernel.Shape[1], f = kernel.Shape[3];
        var (oh, top) = Axis(h, kh, strides.H, dilation.H, padding == "causal" ? "valid" : padding);
        var (ow, left) = Axis(w, kw, strides.W, dilation.W, padding);
        var y = new double[n * oh * ow * f];
        for (var b = 0; b < n; b++)
        {
            for (var p = 0; p < oh; p++)
            {
                for (var q = 0; q < ow; q++)
                {
                    for (var o = 0; o < f; o++)
                    {
                        var sum = bias is null ? 0.0 : bias.Data[o];
                        for (var i = 0; i < kh; i++)
                        {
                            for (var j = 0; j < kw; j++)
                            {
                                int r = (p * strides.H) + (i * dilation.H) - top, s = (q * strides.W) + (j * dilation.W) - left;
                                if (r < 0 || r >= h || s < 0 || s >= w)
                                {
                                    continue;
                                }

                                for (var ch = 0; ch < c; ch++)
                                {
                                    sum += x.Data[(((b * h) + r) * w + s) * c + ch] * kernel.Data[(((i * kw) + j) * c + ch) * f + o];
                                }
                            }
                        }

                        y[(((b * oh) + p) * ow + q) * f + o] = sum;
                    }
                }
            }
        }

        return new Ref([n, oh, ow, f], y);
    }

    /// <summary>y[n, t, f] = b[f] + Σ_{i, c} x[n, t·s + i·d − pad, c] · k[i, c, f].</summary>
    public static Ref Conv1D(Ref x, Ref kernel, Ref? bias, int strides, string padding, int dilation)
    {
        int n = x.Shape[0], length = x.Shape[1], c = x.Shape[2], k = kernel.Shape[0], f = kernel.Shape[2];
        var (outLength, pad) = Axis(length, k, strides, dilation, padding);
        var y = new double[n * outLength * f];
        for (var b = 0; b < n; b++)
        {
            for (var t = 0; t < outLength; t++)
            {
                for (var o = 0; o < f; o++)
                {
                    var sum = bias is null ? 0.0 : bias.Data[o];
                    for (var i = 0; i < k; i++)
                    {
                        var r = (t * strides) + (i * dilation) - pad;
                        if (r < 0 || r >= length)
                        {
                            continue;
                        }

                        for (var ch = 0; ch < c; ch++)
                        {
                            sum += x.Data[((b * length) + r) * c + ch] * kernel.Data[((i * c) + ch) * f + o];
                        }
                    }

                    y[((b * outLength) + t) * f + o] = sum;
                }
            }
        }

        return new Ref([n, outLength, f], y);
    }

    /// <summary>The max or the mean (over the elements inside the input) of each window, per channel.</summary>
    public static Ref Pool2D(Ref x, (int H, int W) pool, (int H, int W) strides, string padding, bool max)
    {
        int n = x.Shape[0], h = x.Shape[1], w = x.Shape[2], c = x.Shape[3];
        var (oh, top) = Axis(h, pool.H, strides.H, 1, padding);
        var (ow, left) = Axis(w, pool.W, strides.W, 1, padding);
        var y = new double[n * oh * ow * c];
        for (var b = 0; b < n; b++)
        {
            for (var p = 0; p < oh; p++)
            {
                for (var q = 0; q < ow; q++)
                {
                    for (var ch = 0; ch < c; ch++)
                    {
                        double best = double.NegativeInfinity, sum = 0;
                        var count = 0;
                        for (var i = 0; i < pool.H; i++)
                        {
                            for (var j = 0; j < pool.W; j++)
                            {
                                int r = (p * strides.H) + i - top, s = (q * strides.W) + j - left;
                                if (r >= 0 && r < h && s >= 0 && s < w)
                                {
                                    var v = x.Data[(((b * h) + r) * w + s) * c + ch];
                                    best = Math.Max(best, v);
                                    sum += v;
                                    count++;
                                }
                            }
                        }

                        y[(((b * oh) + p) * ow + q) * c + ch] = max ? best : sum / count;
                    }
                }
            }
        }

        return new Ref([n, oh, ow, c], y);
    }
}
