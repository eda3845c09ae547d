namespace DiffGen;

/// <summary>
/// The seed stream behind every unseeded random choice of the runtime (weight initializers, dropout masks, Fit's
/// shuffling) — Keras' <c>keras.utils.set_random_seed</c>. It starts from a fixed seed, so a program gives the same
/// weights every run; <see cref="Set"/> restarts it. Each draw takes the next seed from one sequence, so two layers
/// built one after the other get different weights, and the same program gets the same ones.
/// <para>The global stream is shared by the whole process: code running on another thread meanwhile moves it too. For
/// results that must not depend on anything else the process does (a test among others running in parallel, a
/// library building its own model), give the seed explicitly: per initializer (<c>new GlorotUniform(seed: 1)</c>), per
/// layer where Keras has one (<c>new Dropout(0.5, seed: 1)</c>), per Fit (<c>seed:</c>), or for a whole block of code
/// with <see cref="Scope"/>.</para>
/// </summary>
public static class RandomSeed
{
    private const int DefaultSeed = 1337;
    private static readonly SeedStream s_global = new(DefaultSeed);
    private static readonly AsyncLocal<SeedStream?> s_scoped = new();

    /// <summary>Restarts the global seed stream: what follows is reproducible from <paramref name="seed"/>.</summary>
    public static void Set(int seed) => s_global.Restart(seed);

    /// <summary>
    /// Until the returned scope is disposed, unseeded random choices made by this code — on this thread and in the tasks
    /// and awaits that flow from it — take their seeds from a private stream started at <paramref name="seed"/>
    /// instead of the global one. Two scopes with the same seed give the same weights, shuffles and masks whatever
    /// other threads draw meanwhile; the global stream is neither read nor moved. Scopes nest: disposing one restores
    /// the stream that was in use before it.
    /// </summary>
    /// <remarks>
    /// Draws happen when the randomness is needed: a layer's initializers run when it is built (often on its first
    /// call or at the start of Fit), not when it is constructed; a dropout layer takes its seed when constructed.
    /// Keep the scope open around all of those.
    /// </remarks>
    /// <example><code>
    /// using (RandomSeed.Scope(42))
    /// {
    ///     var model = new Sequential(new Dense(8, activation: "relu"), new Dense(1));
    ///     model.Compile(optimizer: "adam", loss: "mse");
    ///     model.Fit(x, y, epochs: 5, verbose: 0);   // the same weights on every run
    /// }
    /// </code></example>
    public static IDisposable Scope(int seed)
    {
        var scope = new SeedScope(s_scoped.Value);
        s_scoped.Value = new SeedStream(seed);
        return scope;
    }

    /// <summary>The next seed of the stream in use: the innermost open <see cref="Scope"/>'s, else the global one.</summary>
    internal static int Next() => (s_scoped.Value ?? s_global).Next();

    /// <summary>A seed sequence; draws may come from several threads at once (tasks started inside a scope).</summary>
    private sealed class SeedStream(int seed)
    {
        private readonly Lock _gate = new();
        private Random _random = new(seed);

        public void Restart(int seed)
        {
            lock (_gate)
            {
                _random = new Random(seed);
            }
        }

        public int Next()
        {
            lock (_gate)
            {
                return _random.Next();
            }
        }
    }

    /// <summary>Restores the stream that was in use when the scope opened.</summary>
    private sealed class SeedScope(SeedStream? outer) : IDisposable
    {
        public void Dispose() => s_scoped.Value = outer;
    }
}
