using System.Text.Json.Nodes;

namespace DiffGen;

/// <summary>
/// A learning-rate schedule as an optimizer's config holds it, Keras' serialized object
/// <c>{"module": "keras.optimizers.schedules", "class_name": …, "config": {…}}</c> under <c>learning_rate</c>.
/// </summary>
internal static class ScheduleConfig
{
    public static LearningRateSchedule FromJson(JsonObject entry, string path)
    {
        var className = (string?)entry["class_name"] ?? throw new InvalidDataException($"Load: {path}: the optimizer's learning_rate schedule has no class_name.");
        var c = entry["config"] as JsonObject ?? throw new InvalidDataException($"Load: {path}: the learning_rate schedule '{className}' has no config object.");
        JsonNode Required(string key) => c[key] ?? throw new InvalidDataException($"Load: {path}: the config of the learning_rate schedule '{className}' has no '{key}'.");
        double Number(string key) => (double)Required(key);
        long Steps(string key) => (long)(double)Required(key);
        try
        {
            return className switch
            {
                "ExponentialDecay" => new ExponentialDecay(Number("initial_learning_rate"), Steps("decay_steps"), Number("decay_rate"), (bool?)c["staircase"] ?? false),
                "CosineDecay" => new CosineDecay(Number("initial_learning_rate"), Steps("decay_steps"), (double?)c["alpha"] ?? 0, (double?)c["warmup_target"], (long)((double?)c["warmup_steps"] ?? 0)),
                "PiecewiseConstantDecay" => new PiecewiseConstantDecay(
                    [.. (Required("boundaries") as JsonArray ?? []).Select(b => (long)(double)b!)],
                    [.. (Required("values") as JsonArray ?? []).Select(v => (double)v!)]),
                _ => throw new InvalidDataException(
                    $"Load: {path}: the optimizer follows a learning_rate schedule of class '{className}', which is not built in (ExponentialDecay, CosineDecay, PiecewiseConstantDecay)."),
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"Load: {path}: the learning_rate schedule '{className}' has an invalid config: {e.Message}", e);
        }
    }
}
