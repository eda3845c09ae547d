using System.Runtime.ExceptionServices;

namespace DiffGen.Kernels;

/// <summary>Work a team of threads runs at once; each thread calls <see cref="Execute"/> once and claims items from it.</summary>
internal interface IKernelWork
{
    /// <summary>Claims and runs items until none are left. Called concurrently by every thread of the team.</summary>
    void Execute();
}

/// <summary>
/// A small team of dedicated background threads for the kernels, so that a parallel GEMM allocates nothing per call
/// (no tasks, closures or delegates: <see cref="Parallel"/> allocates per call) and never waits for a busy thread
/// pool. The calling thread always works too: a team of degree d is the caller plus d − 1 helpers. One parallel call
/// at a time holds the team; a concurrent caller gets <c>false</c> from <see cref="TryRun"/> and runs its work alone,
/// which gives the same bits because the kernels' results never depend on how many threads ran them.
/// </summary>
internal static class KernelThreads
{
    private static readonly Lock Gate = new();
    private static readonly ManualResetEventSlim AllDone = new(false);
    private static Helper[] helpers = [];
    private static IKernelWork? current;
    private static int running;
    private static Exception? helperFailure;
    private static long parallelRuns;

    /// <summary>How many calls have run on the team so far (tests check that a parallel path really ran in parallel).</summary>
    public static long ParallelRuns => Interlocked.Read(ref parallelRuns);

    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread and on <paramref name="helperCount"/> helper threads at
    /// once and returns when all of them are done; rethrows the first exception any of them threw. Returns false
    /// at once, having run nothing, when another call holds the team.
    /// </summary>
    public static bool TryRun(IKernelWork work, int helperCount)
    {
        if (!Gate.TryEnter())
        {
            return false;
        }

        try
        {
            EnsureHelpers(helperCount);
            Interlocked.Increment(ref parallelRuns);
            current = work;
            helperFailure = null;
            AllDone.Reset();
            Volatile.Write(ref running, helperCount);
            for (int i = 0; i < helperCount; i++)
            {
                helpers[i].Wake.Release();
            }

            Exception? callerFailure = null;
            try
            {
                work.Execute();
            }
            catch (Exception e)
            {
                callerFailure = e;
            }

            AllDone.Wait();
            current = null;
            Exception? failure = callerFailure ?? helperFailure;
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }

            return true;
        }
        finally
        {
            Gate.Exit();
        }
    }

    private static void EnsureHelpers(int count)
    {
        if (helpers.Length >= count)
        {
            return;
        }

        var grown = new Helper[count];
        helpers.CopyTo(grown, 0);
        for (int i = helpers.Length; i < count; i++)
        {
            grown[i] = new Helper(i);
        }

        helpers = grown;
    }

    private static void HelperDone()
    {
        if (Interlocked.Decrement(ref running) == 0)
        {
            AllDone.Set();
        }
    }

    /// <summary>One helper thread: sleeps on its semaphore, runs the current work once per release.</summary>
    private sealed class Helper
    {
        public readonly SemaphoreSlim Wake = new(0);

        public Helper(int index)
        {
            var thread = new Thread(Loop) { IsBackground = true, Name = $"DiffGen kernel helper {index}" };
            thread.Start();
        }

        private void Loop()
        {
            while (true)
            {
                Wake.Wait();
                try
                {
                    current!.Execute();
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref helperFailure, e, null);
                }

                HelperDone();
            }
        }
    }
}
