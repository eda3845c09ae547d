using System.Globalization;
using System.Numerics.Tensors;
using System.Text.RegularExpressions;

namespace DiffGen;

/// <summary>
/// Updates variables from their gradients, one step per <see cref="ApplyGradients"/> call — Keras 3's
/// <c>keras.optimizers.Optimizer</c>. The rules (<see cref="SGD"/>, <see cref="Adam"/>, <see cref="RMSprop"/>,
/// <see cref="Adagrad"/>) follow Keras 3's <c>update_step</c> in float32; per-variable state (momentum, moments,
/// accumulators) is made the first time a variable receives a gradient. Gradients are clipped before the update when
/// one of <see cref="ClipNorm"/>, <see cref="ClipValue"/>, <see cref="GlobalClipNorm"/> is set (at most one, as in
/// Keras). The learning rate is a number or a <see cref="DiffGen.LearningRateSchedule"/> of the step count, and any
/// optimizer can decay its weights (<see cref="WeightDecay"/>, Keras' <c>weight_decay</c>; <see cref="AdamW"/> sets it by
/// default). An optimizer is not thread-safe: one training loop drives it.
/// </summary>
public abstract class Optimizer
{
    /// <summary>An optimizer by Keras name with Keras' defaults: <c>optimizer: "adam"</c> (see <see cref="Optimizers.Get"/>).</summary>
    public static implicit operator Optimizer(string name) => Optimizers.Get(name);

    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private float[] _scratch = [];
    private double _learningRate;
    private double? _clipNorm;
    private double? _clipValue;
    private double? _globalClipNorm;
    private double? _weightDecay;
    private LearningRateSchedule? _schedule;
    private float[] _decayed = [];
    private readonly HashSet<Variable> _noDecay = new(ReferenceEqualityComparer.Instance);
    private readonly List<Regex> _noDecayNames = [];

    /// <summary>An optimizer called <paramref name="name"/> with the given learning rate.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The learning rate is NaN or infinite.</exception>
    protected Optimizer(string name, double learningRate)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        LearningRate = learningRate;
    }

    /// <summary>The name Keras gives this optimizer (<c>SGD</c>, <c>adam</c>, <c>rmsprop</c>, <c>adagrad</c>).</summary>
    public string Name { get; }

    /// <summary>
    /// The learning rate of the next step: the number given, or the <see cref="LearningRateSchedule"/> at
    /// <see cref="Iterations"/>. Settable between steps (a <c>LearningRateScheduler</c> callback sets it between
    /// epochs) unless a schedule drives it; like Keras' learning-rate variable it is used as a float32.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is NaN or infinite (it would silently ruin every weight).</exception>
    /// <exception cref="InvalidOperationException">Set while a schedule drives the learning rate (Keras refuses this too).</exception>
    public double LearningRate
    {
        get => _schedule is { } schedule ? schedule.Call(Iterations) : _learningRate;
        set
        {
            if (_schedule is not null)
            {
                throw new InvalidOperationException($"{Name}: the learning rate follows the {_schedule.GetType().Name} schedule given to the constructor, so it cannot be set.");
            }

            if (!double.IsFinite(value))
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, $"{Name}: the learning rate must be a finite number.");
            }

            _learningRate = value;
        }
    }

    /// <summary>
    /// When set, each variable's gradient is scaled down so that its L2 norm is at most this value (Keras
    /// <c>clipnorm</c>): <c>g · c / max(‖g‖, c)</c>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    /// <exception cref="ArgumentException">Another clipping option is already set.</exception>
    public double? ClipNorm
    {
        get => _clipNorm;
        init => _clipNorm = CheckClip(nameof(ClipNorm), value);
    }

    /// <summary>When set, each gradient element is clipped to [−value, value] (Keras <c>clipvalue</c>).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    /// <exception cref="ArgumentException">Another clipping option is already set.</exception>
    public double? ClipValue
    {
        get => _clipValue;
        init => _clipValue = CheckClip(nameof(ClipValue), value);
    }

    /// <summary>
    /// When set, all gradients of a step are scaled together so that their joint L2 norm is at most this value
    /// (Keras <c>global_clipnorm</c>); a non-finite joint norm makes every gradient NaN, as in Keras.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not a positive finite number.</exception>
    /// <exception cref="ArgumentException">Another clipping option is already set.</exception>
    public double? GlobalClipNorm
    {
        get => _globalClipNorm;
        init => _globalClipNorm = CheckClip(nameof(GlobalClipNorm), value);
    }

    /// <summary>The schedule that gives the learning rate per step, or null for a fixed learning rate.</summary>
    public LearningRateSchedule? LearningRateSchedule => _schedule;

    /// <summary>
    /// When set, each step first shrinks every updated variable by <c>w −= w·weightDecay·learningRate</c> (Keras 3's
    /// decoupled weight decay, applied before the update rule) except those passed to <see cref="ExcludeFromWeightDecay"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is negative or not finite.</exception>
    public double? WeightDecay
    {
        get => _weightDecay;
        init => _weightDecay = CheckWeightDecay(value);
    }

    /// <summary>
    /// Leaves <paramref name="variables"/>, and every variable whose name matches one of the regular expressions
    /// <paramref name="names"/> (searched anywhere in the name, e.g. <c>"bias"</c>), out of <see cref="WeightDecay"/> —
    /// Keras' <c>exclude_from_weight_decay(var_list, var_names)</c>.
    /// </summary>
    public void ExcludeFromWeightDecay(IEnumerable<Variable>? variables = null, IEnumerable<string>? names = null)
    {
        foreach (var variable in variables ?? [])
        {
            _noDecay.Add(variable ?? throw new ArgumentException($"{Name}: ExcludeFromWeightDecay was given a null variable.", nameof(variables)));
        }

        foreach (var name in names ?? [])
        {
            _noDecayNames.Add(new Regex(name ?? throw new ArgumentException($"{Name}: ExcludeFromWeightDecay was given a null name.", nameof(names)), RegexOptions.CultureInvariant));
        }
    }

    /// <summary>The number of steps applied so far (Keras <c>optimizer.iterations</c>).</summary>
    public long Iterations { get; private set; }

    /// <summary>The Keras class name (<c>SGD</c>, <c>Adam</c>, <c>RMSprop</c>, <c>Adagrad</c>), saved with a compiled model.</summary>
    public virtual string TypeName => GetType().Name;

    /// <summary>
    /// The hyperparameters that recreate this optimizer, by Keras' names (Keras <c>get_config()</c>): <c>name</c>,
    /// <c>learning_rate</c> (a number, or a schedule as Keras serializes one), <c>weight_decay</c>, <c>clipnorm</c>, <c>clipvalue</c>, <c>global_clipnorm</c> and each rule's own
    /// (<c>momentum</c>, <c>beta_1</c>, …). <see cref="Model.Save"/> stores it.
    /// </summary>
    public virtual IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>
    {
        ["name"] = Name,
        ["learning_rate"] = _schedule is { } schedule ? ScheduleEntry(schedule) : LearningRate,
        ["weight_decay"] = WeightDecay,
        ["clipnorm"] = ClipNorm,
        ["clipvalue"] = ClipValue,
        ["global_clipnorm"] = GlobalClipNorm,
    };

    /// <summary>A schedule as Keras serializes one inside an optimizer's config (<c>serialize_keras_object</c>).</summary>
    private static Dictionary<string, object?> ScheduleEntry(LearningRateSchedule schedule) => new()
    {
        ["module"] = "keras.optimizers.schedules",
        ["class_name"] = schedule.TypeName,
        ["config"] = schedule.GetConfig(),
        ["registered_name"] = null,
    };

    /// <summary>
    /// Sets what a saved config holds beyond the rule's own arguments — clipping, weight decay and a schedule — on an
    /// optimizer just constructed from that config (the init-only properties' checks apply).
    /// </summary>
    internal void Configure(double? clipNorm, double? clipValue, double? globalClipNorm, double? weightDecay, LearningRateSchedule? schedule)
    {
        _clipNorm = CheckClip(nameof(ClipNorm), clipNorm);
        _clipValue = CheckClip(nameof(ClipValue), clipValue);
        _globalClipNorm = CheckClip(nameof(GlobalClipNorm), globalClipNorm);
        _weightDecay = CheckWeightDecay(weightDecay);
        if (schedule is not null)
        {
            UseSchedule(schedule);
        }
    }

    /// <summary>The regular expressions given to <see cref="ExcludeFromWeightDecay"/>, in order.</summary>
    internal IReadOnlyList<string> ExcludedNamePatterns => [.. _noDecayNames.Select(r => r.ToString())];

    /// <summary>Whether <paramref name="variable"/> itself was given to <see cref="ExcludeFromWeightDecay"/>.</summary>
    internal bool IsExcluded(Variable variable) => _noDecay.Contains(variable);

    /// <summary>
    /// State shared by all variables that the next step depends on (Nadam's momentum-schedule product), saved after
    /// the slots; empty for most rules. Set only with values this property returned.
    /// </summary>
    internal virtual float[] SharedState
    {
        get => [];
        set
        {
        }
    }

    /// <summary>
    /// The names of the state kept per variable, in a fixed order (Keras' optimizer variables: <c>momentum</c>,
    /// <c>velocity</c>, …); empty when the rule keeps none (plain SGD). Virtual with empty defaults rather than
    /// abstract, so that an optimizer written outside this assembly still compiles; its state is then not saved.
    /// </summary>
    internal virtual IReadOnlyList<string> SlotNames => [];

    /// <summary>
    /// The slots in the order Keras 3 creates them, which is the order of <c>optimizer/vars</c> in a <c>.keras</c>
    /// file: one group per <c>add_optimizer_variables</c> call in the optimizer's <c>build</c>, each laid out variable by
    /// variable with the group's slots interleaved (Adam: momentum and velocity of each variable, then the AMSGrad
    /// maxima); by default one group per slot.
    /// </summary>
    internal virtual IReadOnlyList<string[]> KerasSlotGroups => [.. SlotNames.Select(name => new[] { name })];

    /// <summary>The value a slot starts at (Keras' initializer for it): 0, except Adagrad's initial accumulator.</summary>
    internal virtual float InitialSlotValue => 0f;

    /// <summary>The state kept for <paramref name="variable"/>, in <see cref="SlotNames"/> order; null before its first step.</summary>
    internal virtual IReadOnlyList<float[]>? SlotsOf(Variable variable) => null;

    /// <summary>Sets the state of <paramref name="variable"/>: one copy per <see cref="SlotNames"/> entry, already checked.</summary>
    private protected virtual void SetSlots(Variable variable, float[][] slots)
    {
    }

    /// <summary>
    /// Restores a saved state — the step count and each variable's slots — so that the next step is the one an
    /// uninterrupted run would take. Everything is checked first; on an error the optimizer is unchanged.
    /// </summary>
    /// <exception cref="InvalidDataException">A variable's slots do not match <see cref="SlotNames"/> or its shape; the message names <paramref name="source"/>.</exception>
    internal void RestoreState(long iterations, IReadOnlyList<(Variable Variable, IReadOnlyList<(string Name, Tensor Value)> Slots)> state, string source)
    {
        if (iterations < 0)
        {
            throw new InvalidDataException($"Load: {source} holds a negative optimizer step count ({iterations}).");
        }

        foreach (var (variable, slots) in state)
        {
            if (slots.Count == 0)
            {
                continue;
            }

            var names = slots.Select(s => s.Name).ToArray();
            if (!names.SequenceEqual(SlotNames))
            {
                throw new InvalidDataException($"Load: {source} holds optimizer slots [{string.Join(", ", names)}] for variable '{variable.Name}' but {TypeName} with this configuration keeps [{string.Join(", ", SlotNames)}].");
            }

            foreach (var (name, value) in slots)
            {
                if (value.Shape != variable.Shape)
                {
                    throw new InvalidDataException($"Load: {source} holds the optimizer slot '{name}' of variable '{variable.Name}' with shape {value.Shape}, but the variable has shape {variable.Shape}.");
                }
            }
        }

        foreach (var (variable, slots) in state)
        {
            if (slots.Count > 0)
            {
                SetSlots(variable, [.. slots.Select(s => s.Value.ToArray())]);
            }
        }

        Iterations = iterations;
    }

    /// <summary>
    /// One optimization step: updates <c>variables[i]</c> from <c>gradients[i]</c> (Keras <c>apply_gradients</c>).
    /// A null gradient skips its variable (Keras warns on the standard error stream, and so does this); the step
    /// still counts in <see cref="Iterations"/>. Empty lists do nothing. A value read before the step keeps its
    /// contents: the new value goes into a new tensor, or into the old one's memory when nothing can read that any more
    /// (no tape holds it and it was only read by layers' forward passes, see <see cref="Variable.Value"/>).
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The lists differ in length, a gradient's shape is not its variable's, or every gradient is null. Nothing is
    /// changed when this is thrown.
    /// </exception>
    public void ApplyGradients(IReadOnlyList<Tensor?> gradients, IReadOnlyList<Variable> variables)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(variables);
        if (gradients.Count != variables.Count)
        {
            throw new ArgumentException($"ApplyGradients: {gradients.Count} gradient(s) for {variables.Count} variable(s); pass one gradient (or null) per variable, in the same order.", nameof(gradients));
        }

        if (gradients.Count == 0)
        {
            return;
        }

        // Validate everything before touching anything, so that a bad call leaves weights and state as they were.
        List<string>? missing = null;
        var present = 0;
        for (var i = 0; i < variables.Count; i++)
        {
            var variable = variables[i] ?? throw new ArgumentException($"ApplyGradients: variable {i} is null.", nameof(variables));
            var gradient = gradients[i];
            if (gradient is null)
            {
                (missing ??= []).Add(variable.Name);
                continue;
            }

            if (gradient.Shape != variable.Shape)
            {
                throw new ArgumentException($"ApplyGradients: the gradient for variable '{variable.Name}' (index {i}) has shape {gradient.Shape.ToCompactString()} but the variable has shape {variable.Shape.ToCompactString()}.", nameof(gradients));
            }

            present++;
        }

        if (present == 0)
        {
            throw new ArgumentException($"ApplyGradients: no gradients provided for any variable ({string.Join(", ", variables.Select(v => $"'{v.Name}'"))}); is the loss connected to them?", nameof(gradients));
        }

        if (missing is not null)
        {
            Warn($"WARNING: {Name}: gradients do not exist for variables [{string.Join(", ", missing.Select(n => $"'{n}'"))}] when minimizing the loss; they are left unchanged.");
        }

        var rate = LearningRate;
        if (!double.IsFinite(rate))
        {
            throw new InvalidOperationException($"{Name}: the learning rate schedule gave {rate} at step {Iterations}; nothing was changed.");
        }

        var clipped = GradientClipping.Clip(gradients, ClipNorm, ClipValue, GlobalClipNorm);
        var learningRate = (float)rate;
        BeginStep();
        for (var i = 0; i < variables.Count; i++)
        {
            if (clipped[i] is not { } gradient)
            {
                continue;
            }

            var variable = variables[i];
            var value = variable.Peek();
            var unseen = value.IsPrivateVariableValue && !ReferenceEquals(gradient, value);
            if (unseen && UpdatesInPlace)
            {
                // No one can see the old values (see Tensor.IsPrivateVariableValue): the rule writes over them.
                var data = value.Data;
                UpdateStep(variable, Decayed(variable, data, learningRate), gradient, data, learningRate);
                continue;
            }

            var result = TensorBufferPool.RentZeroed(value.Size);
            UpdateStep(variable, Decayed(variable, value.Data, learningRate), gradient, result, learningRate);

            // Assigned one by one (not all at the end) so that a variable listed twice is stepped twice, as in Keras.
            variable.AssignOwned(new Tensor(result, value.Shape));
            if (unseen && value.Release() is { } old)
            {
                // The old value had no reader left: its memory takes the next step's value.
                TensorBufferPool.Return(old);
            }
        }

        Iterations++;
    }

    /// <summary>
    /// The update rule for one variable: reads its current <paramref name="value"/> and <paramref name="gradient"/>
    /// (already clipped) and writes the new value to <paramref name="result"/>, updating any state kept for
    /// <paramref name="variable"/>. During the call <see cref="Iterations"/> is the number of steps before this one.
    /// </summary>
    protected abstract void UpdateStep(Variable variable, ReadOnlySpan<float> value, ReadOnlySpan<float> gradient, Span<float> result, float learningRate);

    /// <summary>
    /// Whether <see cref="UpdateStep"/> may be given the same memory as value and result (it reads each element's value before writing that element's result, and writes
    /// nothing else there): then a variable whose value no one holds is updated in place.
    /// </summary>
    private protected virtual bool UpdatesInPlace => false;

    /// <summary>
    /// Called once per step, after the inputs are checked and before the first <see cref="UpdateStep"/>, with
    /// <see cref="Iterations"/> still the number of earlier steps: for state shared by all variables (Nadam's
    /// momentum-schedule product).
    /// </summary>
    protected virtual void BeginStep()
    {
    }

    /// <summary>Makes the learning rate follow <paramref name="schedule"/> (the constructors that take one call this).</summary>
    private protected void UseSchedule(LearningRateSchedule schedule) =>
        _schedule = schedule ?? throw new ArgumentNullException(nameof(schedule), $"{Name}: the learning rate schedule is null.");

    /// <summary>
    /// The value the update rule starts from: <paramref name="value"/> itself, or with weight decay a copy with
    /// <c>w − (w·wd)·lr</c> in float32 as Keras computes it (the variable's own tensor is never written).
    /// </summary>
    private ReadOnlySpan<float> Decayed(Variable variable, float[] value, float learningRate)
    {
        if (_weightDecay is not { } decay || _noDecay.Contains(variable) || _noDecayNames.Any(r => r.IsMatch(variable.Name)))
        {
            return value;
        }

        if (_decayed.Length < value.Length)
        {
            _decayed = new float[value.Length];
        }

        var decayed = _decayed.AsSpan(0, value.Length);
        TensorPrimitives.Multiply(value, (float)decay, decayed);
        TensorPrimitives.Multiply(decayed, learningRate, decayed);
        TensorPrimitives.Subtract(value, decayed, decayed);
        return decayed;
    }

    /// <summary>A temporary buffer of <paramref name="length"/> floats, reused across variables and steps.</summary>
    private protected Span<float> Scratch(int length)
    {
        if (_scratch.Length < length)
        {
            _scratch = new float[length];
        }

        return _scratch.AsSpan(0, length);
    }

    /// <summary>Throws unless <paramref name="value"/> is finite and within [<paramref name="min"/>, <paramref name="max"/>].</summary>
    private protected static double CheckRange(string optimizer, string parameter, double value, double min, double max, bool maxExclusive = false)
    {
        if (!double.IsFinite(value) || value < min || value > max || (maxExclusive && value == max))
        {
            var upper = double.IsPositiveInfinity(max) ? "∞)" : maxExclusive ? $"{max.ToString(CultureInfo.InvariantCulture)})" : $"{max.ToString(CultureInfo.InvariantCulture)}]";
            throw new ArgumentOutOfRangeException(parameter, value, $"{optimizer}: {parameter} must be in [{min.ToString(CultureInfo.InvariantCulture)}, {upper}.");
        }

        return value;
    }

    private double? CheckWeightDecay(double? value) => value is { } v && (!double.IsFinite(v) || v < 0)
        ? throw new ArgumentOutOfRangeException(nameof(WeightDecay), v, $"{Name}: weight decay must be a finite number of at least 0.")
        : value;

    private double? CheckClip(string option, double? value)
    {
        if (value is { } v && (!double.IsFinite(v) || v <= 0))
        {
            throw new ArgumentOutOfRangeException(option, v, $"{Name}: {option} must be a positive finite number (leave it unset for no clipping).");
        }

        var others = new (string Option, double? Value)[] { (nameof(ClipNorm), _clipNorm), (nameof(ClipValue), _clipValue), (nameof(GlobalClipNorm), _globalClipNorm) };
        if (value is not null && others.FirstOrDefault(o => o.Option != option && o.Value is not null) is { Option: { } other })
        {
            throw new ArgumentException($"{Name}: only one of ClipNorm, ClipValue and GlobalClipNorm can be set; {other} is already set, so {option} cannot be.", option);
        }

        return value;
    }

    /// <summary>Writes a warning once per distinct message, as Python's <c>warnings.warn</c> does by default.</summary>
    private void Warn(string message)
    {
        if (_warned.Add(message))
        {
            Console.Error.WriteLine(message);
        }
    }
}
