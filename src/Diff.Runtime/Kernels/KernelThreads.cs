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
/// time slice. Tests that must see helpers take part open a <see cref="HelpersFirst"/> scope instead of retrying.</para>
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

    // Of the run that holds the team: items helpers ran (work reports them through CountHelperItems), and how many
    // helpers returned from Execute while the work was open (each of those left no item unclaimed).
    private static long runHelperItems;
    private static int helpersFinished;

    /// <summary>Called by work at the end of <see cref="IKernelWork.Execute"/> with the number of items this thread ran.</summary>
    public static void CountHelperItems(int items)
    {
        if (items > 0 && isHelperThread)
        {
            Interlocked.Add(ref runHelperItems, items);
        }
    }

    [ThreadStatic]
    private static bool isHelperThread;

    // The test scope open on this (calling) thread, if any: see HelpersFirst.
    [ThreadStatic]
    private static HelpersFirstScope? helpersFirst;

    /// <summary>
    /// For tests: until the returned scope is disposed, every parallel run this thread starts waits for the team (instead
    /// of running alone when another thread holds it) and lets the helpers claim every item before the calling thread
    /// joins in. Which thread runs what then no longer depends on how the OS schedules threads or on what else the
    /// process runs: a run of degree d &gt; 1 always has helpers doing all of its items, even on one core, and
    /// <see cref="HelpersFirstScope.HelperItems"/> counts them. Results are the same bits either way (the kernels'
    /// results never depend on which thread ran an item); only this thread's runs are affected, and production code,
    /// which never opens a scope, pays one thread-static read per parallel run.
    /// </summary>
    public static HelpersFirstScope HelpersFirst() => helpersFirst = new HelpersFirstScope(helpersFirst);

    /// <summary>
    /// Runs <paramref name="work"/> on the calling thread, with up to <paramref name="helperCount"/> helper threads
    /// joining in, and returns when it is done and every helper that joined has left; rethrows the first exception
    /// any of them threw. Returns false at once, having run nothing, when another call holds the team.
    /// </summary>
    public static bool TryRun(IKernelWork work, int helperCount)
    {
        var scope = helpersFirst;
        if (scope is not null)
        {
            Gate.Enter();
        }
        else if (!Gate.TryEnter())
        {
            return false;
        }

        try
        {
            EnsureHelpers(helperCount);
            helperFailure = null;
            runHelperItems = 0;
            helpersFinished = 0;
            current = work;
            closed = false;
            for (int i = 0; i < helperCount; i++)
            {
                helpers[i].Wake.Release();
            }

            Exception? callerFailure = null;
            try
            {
                if (scope is not null)
                {
                    // Helpers first: wait until one has returned from Execute, which it does only when no item is
                    // left to claim. Helpers then ran every item, and the caller's Execute below finds none.
                    var wait = new SpinWait();
                    while (Volatile.Read(ref helpersFinished) == 0)
                    {
                        wait.SpinOnce();
                    }
                }

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
            if (scope is not null)
            {
                scope.HelperItems += runHelperItems;
            }

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
                    finally
                    {
                        Interlocked.Increment(ref helpersFinished);
                    }
                }

                Interlocked.Decrement(ref joined);
            }
        }
    }

    /// <summary>The scope <see cref="HelpersFirst"/> opens; disposing it restores whatever this thread had before.</summary>
    internal sealed class HelpersFirstScope : IDisposable
    {
        private readonly HelpersFirstScope? _outer;

        internal HelpersFirstScope(HelpersFirstScope? outer) => _outer = outer;

        /// <summary>How many work items helper threads ran in the parallel runs this thread started while this was its innermost scope.</summary>
        public long HelperItems { get; internal set; }

        /// <inheritdoc/>
        public void Dispose() => helpersFirst = _outer;
    }
}
