using System.Runtime.ExceptionServices;

namespace DiffGen.Kernels;

/// <summary>Work a team of threads runs at once; each thread calls <see cref="Execute"/> once and claims items from it.</summary>
internal interface IKernelWork
{
    /// <summary>
    /// Claims and runs items until none are left. Called concurrently by every thread that joins, any number of them;
    /// the calling thread alone must be able to finish all the work.
    /// </summary>
    void Execute();
}

/// <summary>
/// A small team of dedicated background threads for the kernels, so that a parallel GEMM allocates nothing per call
/// (no tasks, closures or delegates; <see cref="Parallel"/> allocates per call) and never queues behind a busy thread
/// pool. The calling thread always works too: a team of degree d is the caller plus d − 1 helpers.
/// <para>Helpers are woken, not waited for: the caller works through the items itself, closes the work when none are
/// left, and waits only for the helpers that joined before that. A helper the OS was slow to schedule (this machine
/// is shared with builds) then finds the work closed and goes back to sleep, instead of stalling the caller for a
/// time slice.</para>
/// <para>One parallel call at a time holds the team; a concurrent caller gets <c>false</c> from <see cref="TryRun"/>
/// and runs its work alone, which gives the same bits because the kernels' results never depend on how many threads
/// ran them.</para>
/// </summary>
internal static class KernelThreads
{
    private static readonly Lock Gate = new();
    private static Helper[] helpers = [];
    private static IKernelWork? current;
    private static volatile bool closed = true;
    private static int joined;
    private static Exception? helperFailure;
    private static long helperItems;

    /// <summary>
    /// How many work items helper threads have run so far: tests check that a parallel path really had more than one
    /// thread doing its work. Work reports its items through <see cref="CountHelperItems"/>.
    /// </summary>
    public static long HelperItems => Interlocked.Read(ref helperItems);

    /// <summary>Called by work at the end of <see cref="IKernelWork.Execute"/> with the number of items this thread ran.</summary>
    public static void CountHelperItems(int items)
    {
        if (items > 0 && isHelperThread)
        {
            Interlocked.Add(ref helperItems, items);
        }
    }

    [ThreadStatic]
    private static bool isHelperThread;

    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread, with up to <paramref name="helperCount"/> helper threads
    /// joining in, and returns when it is done and every helper that joined has left; rethrows the first exception
    /// any of them threw. Returns false at once, having run nothing, when another call holds the team.
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
            helperFailure = null;
            current = work;
            closed = false;
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

            // Close the work (helpers that wake from now on skip it), then wait for those that joined before.
            closed = true;
            Interlocked.MemoryBarrier();
            var spin = new SpinWait();
            while (Volatile.Read(ref joined) != 0)
            {
                spin.SpinOnce();
            }

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

    /// <summary>One helper thread: sleeps on its semaphore, joins the current work once per release if still open.</summary>
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
            isHelperThread = true;
            while (true)
            {
                Wake.Wait();

                // Join first, then look: a caller that closed the work before our join is not waiting for us, and
                // one that had not yet cannot finish (or clear `current`) until we leave.
                Interlocked.Increment(ref joined);
                if (!closed)
                {
                    try
                    {
                        current?.Execute();
                    }
                    catch (Exception e)
                    {
                        Interlocked.CompareExchange(ref helperFailure, e, null);
                    }
                }

                Interlocked.Decrement(ref joined);
            }
        }
    }
}
