using System.Globalization;
using PureHDF;

namespace DiffGen;

/// <summary>
/// The optimizer's state in <c>model.weights.h5</c> as Keras 3 keeps it (<c>Optimizer.save_own_variables</c>): the
/// group <c>optimizer/vars</c> with datasets <c>0</c> = the step count (int64), <c>1</c> = the learning rate
/// (float32; absent when a schedule drives it, as Keras then has no learning-rate variable), then every slot of every
/// trainable variable in Keras' creation order (<see cref="Optimizer.KerasSlotGroups"/>), then the optimizer's shared
/// scalars (Nadam's <c>_u_product</c>; files from Keras 3.9 and earlier have it before the slots, which is read too). An optimizer that has not stepped yet has only the first two, as an
/// unbuilt Keras optimizer does.
/// </summary>
internal static class KerasOptimizerState
{
    public static H5Group Write(Model model, Optimizer optimizer)
    {
        var vars = new H5Group();
        vars.Attributes["name"] = optimizer.Name;
        vars["0"] = new H5Dataset(optimizer.Iterations);
        if (optimizer.LearningRateSchedule is null)
        {
            vars["1"] = new H5Dataset((float)optimizer.LearningRate);
        }

        var trainable = model.TrainableVariables;
        var states = trainable.Select(optimizer.SlotsOf).ToList();
        if (states.Any(s => s is not null))
        {
            var index = FirstSlot(optimizer);
            foreach (var group in optimizer.KerasSlotGroups)
            {
                for (var v = 0; v < trainable.Count; v++)
                {
                    foreach (var name in group)
                    {
                        // A variable that never had a gradient has no slots yet: Keras' would hold their initial value.
                        var values = states[v] is { } slots ? slots[IndexOf(optimizer, name)] : Filled(trainable[v].Shape.Size, optimizer.InitialSlotValue);
                        vars[Key(index++)] = new H5Dataset(values, fileDims: [.. trainable[v].Shape.Dimensions.ToArray().Select(d => (ulong)d)]);
                    }
                }
            }

            // Variables the optimizer's build makes after the slots, such as Nadam's _u_product: scalars.
            foreach (var value in optimizer.SharedState)
            {
                vars[Key(index++)] = new H5Dataset(value);
            }
        }

        return new H5Group { ["vars"] = vars };
    }

    /// <summary>Gives <paramref name="optimizer"/> the state of <paramref name="root"/>'s <c>optimizer/vars</c>, if the file has a usable one.</summary>
    public static void Restore(IH5Group root, Model model, Optimizer optimizer, string source)
    {
        if (!root.LinkExists("optimizer") || !root.Group("optimizer").LinkExists("vars"))
        {
            return;
        }

        var vars = root.Group("optimizer").Group("vars");
        var count = 0;
        while (vars.LinkExists(Key(count)))
        {
            count++;
        }

        var trainable = model.TrainableVariables;
        var first = FirstSlot(optimizer);
        var shared = optimizer.SharedState.Length;
        var expected = first + (optimizer.SlotNames.Count * trainable.Count) + shared;
        if (count != first && count != expected)
        {
            // Keras does the same (with a warning) when the counts differ, e.g. an optimizer with options DiffGen lacks.
            Console.Error.WriteLine($"WARNING: Load: {source} holds {count} optimizer variables but {optimizer.TypeName} keeps {expected} for this model; the optimizer starts afresh.");
            return;
        }

        var iterations = ReadInteger(vars.Dataset("0"));
        if (optimizer.LearningRateSchedule is null)
        {
            var learningRate = vars.Dataset("1").Read<float>();
            if ((float)optimizer.LearningRate != learningRate)
            {
                // Keras stores the current rate (a scheduler may have moved it); the config's is kept when they agree as float32.
                optimizer.LearningRate = learningRate;
            }
        }

        var slots = trainable.Select(_ => new (string, Tensor)[optimizer.SlotNames.Count]).ToArray();
        float[]? sharedValues = null;
        if (count == expected && expected > first)
        {
            // Keras up to 3.9 created the shared scalars (Nadam's _u_product) before the slots, later versions after
            // them: a scalar where the first slot should be tells the older layout.
            var sharedFirst = shared > 0 && vars.Dataset(Key(first)).Space.Dimensions.Length == 0 && trainable[0].Shape.Rank > 0;
            if (sharedFirst)
            {
                sharedValues = [.. Enumerable.Range(first, shared).Select(i => vars.Dataset(Key(i)).Read<float>())];
            }

            var index = sharedFirst ? first + shared : first;
            foreach (var group in optimizer.KerasSlotGroups)
            {
                for (var v = 0; v < trainable.Count; v++)
                {
                    foreach (var name in group)
                    {
                        var dataset = vars.Dataset(Key(index++));
                        var shape = new Shape([.. dataset.Space.Dimensions.Select(d => checked((int)d))]);
                        slots[v][IndexOf(optimizer, name)] = (name, new Tensor(dataset.Read<float[]>(), shape));
                    }
                }
            }

            sharedValues ??= [.. Enumerable.Range(index, shared).Select(i => vars.Dataset(Key(i)).Read<float>())];
        }
        else
        {
            slots = [.. trainable.Select(_ => Array.Empty<(string, Tensor)>())];
        }

        optimizer.RestoreState(iterations, [.. trainable.Select((v, i) => (v, (IReadOnlyList<(string, Tensor)>)slots[i]))], source);
        if (sharedValues is { Length: > 0 })
        {
            optimizer.SharedState = sharedValues;
        }
    }

    /// <summary>The index of the first slot: after the step count and the learning rate, which Keras keeps as a variable only without a schedule.</summary>
    private static int FirstSlot(Optimizer optimizer) => optimizer.LearningRateSchedule is null ? 2 : 1;

    /// <summary>The step count, stored as int64 by TensorFlow and int32 by JAX.</summary>
    private static long ReadInteger(IH5Dataset dataset) =>
        dataset.Type.Size == 4 ? dataset.Read<int>() : dataset.Read<long>();

    private static int IndexOf(Optimizer optimizer, string slot) => optimizer.SlotNames.ToList().IndexOf(slot);

    private static float[] Filled(int length, float value)
    {
        var values = new float[length];
        values.AsSpan().Fill(value);
        return values;
    }

    private static string Key(int index) => index.ToString(CultureInfo.InvariantCulture);
}
