namespace DiffGen;

/// <summary>
/// The seed stream behind every unseeded random choice of the runtime (weight initializers, dropout masks, Fit's
/// shuffling) — Keras' <c>keras.utils.set_random_seed</c>. It starts from a fixed seed, so a program gives the same
/// weights every run; <see cref="Set"/> restarts it. Each draw takes the next seed from one sequence, so two layers
/// built one after the other get different weights, and the same program gets the same ones.
/// </summary>
public static class RandomSeed
{
    private const int DefaultSeed = 1337;
    private static readonly object s_gate = new();
    private static Random s_stream = new(DefaultSeed);

    /// <summary>Restarts the seed stream: what follows is reproducible from <paramref name="seed"/>.</summary>
    public static void Set(int seed)
    {
        lock (s_gate)
        {
            s_stream = new Random(seed);
        }
    }

    /// <summary>The next seed of the stream.</summary>
    internal static int Next()
    {
        lock (s_gate)
        {
            return s_stream.Next();
        }
    }
}
