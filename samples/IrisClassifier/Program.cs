using DiffGen;

// Trains a small classifier on Fisher's Iris data (150 flowers, 4 measurements, 3 species) with the Keras-style API.
// Accuracy is measured by 5-fold stratified cross-validation: every flower is tested once, by a model that never saw
// it — a 30-flower test set alone swings by 3 points per flower. The first fold's loss curve is drawn as an SVG file.
var path = args.Length > 0 ? args[0] : Path.Combine(AppContext.BaseDirectory, "iris.csv");
var data = IrisData.Load(path).Shuffled(seed: 7);
const int folds = 5;
var correct = 0;
History? firstHistory = null;
for (var fold = 0; fold < folds; fold++)
{
    var (train, test) = data.StratifiedFold(fold, folds);
    var (mean, std) = train.FeatureStatistics();

    RandomSeed.Set(42 + fold);
    var model = new Sequential(
        new Input(4),
        new Dense(16, activation: "relu"),
        new Dense(3, activation: "softmax"));
    model.Compile(optimizer: new Adam(learningRate: 0.01), loss: "sparse_categorical_crossentropy", metrics: ["accuracy"]);
    if (fold == 0)
    {
        model.Summary();
    }

    var history = model.Fit(
        train.Features(mean, std), train.Labels(),
        epochs: 200, batchSize: 16, validationSplit: 0.2, seed: fold, verbose: fold == 0 ? 2 : 0,
        callbacks: [new EarlyStopping(monitor: "val_loss", patience: 15, restoreBestWeights: true, verbose: fold == 0 ? 1 : 0)]);
    firstHistory ??= history;

    var results = model.EvaluateAll(test.Features(mean, std), test.Labels(), verbose: 0);
    var right = (int)Math.Round(results["accuracy"] * test.Count);
    correct += right;
    Console.WriteLine($"Fold {fold + 1}/{folds}: {right}/{test.Count} test flowers right ({results["accuracy"]:P1}), test loss {results["loss"]:F4}, {history.Epochs.Count} epochs");
}

Console.WriteLine($"Cross-validated accuracy: {correct}/{data.Count} = {(double)correct / data.Count:P1}");

var plot = Path.GetFullPath("iris-loss.svg");
LossCurve.Write(plot, "Iris classifier (fold 1): loss per epoch", ("loss", firstHistory!["loss"]), ("val_loss", firstHistory["val_loss"]));
Console.WriteLine($"Loss curve written to {plot}");
