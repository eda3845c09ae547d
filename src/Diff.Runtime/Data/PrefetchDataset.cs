using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace DiffGen;

/// <summary>
/// Elements prepared ahead by a background thread (<see cref="Dataset.Prefetch"/>): the thread runs the upstream pass
/// into a bounded queue; the consumer takes from it. An upstream exception reaches the consumer after the elements
/// before it; ending the pass (disposing the enumerator) cancels the thread, which disposes the upstream pass, and
/// joins it, so no thread outlives its pass.
/// </summary>
internal sealed class PrefetchDataset(Dataset source, int bufferSize) : Dataset
{
    public override int? Cardinality => source.Cardinality;

    internal override IEnumerator<DataElement> Elements()
    {
        var queue = new BlockingCollection<DataElement>(bufferSize);
        var stop = new CancellationTokenSource();
        ExceptionDispatchInfo? failure = null;
        var thread = new Thread(() =>
        {
            try
            {
                using var elements = source.Elements();
                while (!stop.IsCancellationRequested && elements.MoveNext())
                {
                    queue.Add(elements.Current, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer ended the pass.
            }
            catch (Exception exception)
            {
                failure = ExceptionDispatchInfo.Capture(exception);
            }
            finally
            {
                queue.CompleteAdding();
            }
        })
        {
            IsBackground = true,
            Name = "DiffGen Dataset.Prefetch",
        };

        // Started on the first MoveNext, inside the try: an enumerator disposed before that has no thread to stop.
        try
        {
            thread.Start();
            foreach (var element in queue.GetConsumingEnumerable())
            {
                yield return element;
            }

            // CompleteAdding happened after the failure was recorded: the thread is done with it.
            failure?.Throw();
        }
        finally
        {
            stop.Cancel();
            thread.Join();
            stop.Dispose();
            queue.Dispose();
        }
    }
}
