using System.IO.Compression;

namespace DiffGen.Runtime.Tests.Models;

public sealed class DamagedFileTests : IDisposable
{
    private readonly DirectoryInfo _directory = Directory.CreateTempSubdirectory();

    public void Dispose() => _directory.Delete(recursive: true);

    private string PathFor(string name) => Path.Combine(_directory.FullName, name);

    private static Sequential Model()
    {
        using var seed = RandomSeed.Scope(3);
        var model = new Sequential(new Input(4), new Dense(5, activation: "relu"), new Dense(2));
        model.Compile(new Adam(), "mse");
        model.Fit(Tensor.RandomNormal(new Shape(8, 4), seed: 1), Tensor.RandomNormal(new Shape(8, 2), seed: 2), epochs: 1, verbose: 0, seed: 1);
        return model;
    }

    private string Saved(Sequential model, string name)
    {
        var path = PathFor(name);
        model.Save(path);
        return path;
    }

    private static void Truncate(string path, long length)
    {
        using var stream = new FileStream(path, FileMode.Open);
        stream.SetLength(length);
    }

    [Theory]
    [InlineData(0.0, ".dgmodel")]
    [InlineData(0.3, ".dgmodel")]
    [InlineData(0.9, ".dgmodel")]
    [InlineData(0.999, ".dgmodel")]
    [InlineData(0.5, ".keras")]
    [InlineData(0.999, ".keras")]
    public void A_truncated_model_file_is_an_error_naming_the_file(double keep, string extension)
    {
        var path = Saved(Model(), $"truncated{keep}{extension}");
        Truncate(path, (long)(new FileInfo(path).Length * keep));

        var error = Assert.Throws<InvalidDataException>(() => DiffGen.Model.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Theory]
    [InlineData("model.weights.bin")]
    [InlineData("optimizer.weights.bin")]
    public void A_truncated_entry_inside_the_archive_is_an_error_naming_the_file_and_the_entry(string entryName)
    {
        var path = Saved(Model(), "entry.dgmodel");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            var entry = zip.GetEntry(entryName)!;
            byte[] bytes;
            using (var stream = entry.Open())
            using (var buffer = new MemoryStream())
            {
                stream.CopyTo(buffer);
                bytes = buffer.ToArray();
            }

            entry.Delete();
            using var replaced = zip.CreateEntry(entryName).Open();
            replaced.Write(bytes, 0, bytes.Length - 5);
        }

        var error = Assert.Throws<InvalidDataException>(() => DiffGen.Model.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(entryName, error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_keras_file_whose_weights_are_not_HDF5_is_an_error_naming_the_file_and_the_entry()
    {
        var path = Saved(Model(), "garbage.keras");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Update))
        {
            zip.GetEntry("model.weights.h5")!.Delete();
            using var entry = zip.CreateEntry("model.weights.h5").Open();
            entry.Write(Enumerable.Range(0, 300).Select(i => (byte)(i * 7)).ToArray());
        }

        var error = Assert.Throws<InvalidDataException>(() => DiffGen.Model.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("model.weights.h5", error.Message);
    }

    [Fact]
    public void Damaged_config_JSON_is_an_error_naming_the_file_and_config_json()
    {
        var path = Saved(Model(), "json.dgmodel");
        ReplaceConfig(path, "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [");

        var error = Assert.Throws<InvalidDataException>(() => DiffGen.Model.Load(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("config.json", error.Message);
    }

    [Fact]
    public void A_config_missing_what_a_layer_needs_is_an_error_naming_the_file()
    {
        var path = Saved(Model(), "missing.dgmodel");
        ReplaceConfig(path, "{\"class_name\": \"Sequential\", \"config\": {\"layers\": [{\"class_name\": \"Dense\", \"config\": {\"name\": \"d\"}}]}, \"build_input_shape\": [4]}");

        var error = Assert.Throws<InvalidDataException>(() => DiffGen.Model.Load(path));

        Assert.Contains(path, error.Message);
        Assert.IsNotType<InvalidDataException>(error.InnerException);
    }

    [Theory]
    [InlineData(".dgmodel")]
    [InlineData(".keras")]
    public void A_flipped_byte_anywhere_in_a_saved_model_is_an_error_naming_the_file_or_harmless(string extension)
    {
        // Some header bytes are ones the zip reader ignores (the local header's copy of the sizes and CRC); a flip
        // there is harmless. Anywhere else it must be an error: never a silently different model.
        var model = Model();
        var path = Saved(model, "flipped" + extension);
        var original = File.ReadAllBytes(path);
        var x = Tensor.RandomNormal(new Shape(3, 4), seed: 9);
        var expected = model.Predict(x).ToArray();
        var errors = 0;
        for (var i = 0; i < original.Length; i += 11)
        {
            var bytes = (byte[])original.Clone();
            bytes[i] ^= 0x24;
            File.WriteAllBytes(path, bytes);
            try
            {
                Assert.Equal(expected, DiffGen.Model.Load(path).Predict(x).ToArray());
            }
            catch (InvalidDataException error)
            {
                Assert.Contains(path, error.Message);
                errors++;
            }
        }

        Assert.True(errors > original.Length / 25, $"only {errors} flips were noticed");
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(-37)]
    [InlineData(6)]
    public void A_truncated_or_padded_weights_file_is_an_error_naming_it_and_the_model_is_unchanged(int change)
    {
        var path = PathFor("model.weights.bin");
        Model().SaveWeights(path);
        if (change < 0)
        {
            Truncate(path, new FileInfo(path).Length + change);
        }
        else
        {
            using var stream = new FileStream(path, FileMode.Append);
            stream.Write(new byte[change]);
        }

        var target = Model();
        var before = target.GetWeights().Select(w => w.ToArray()).ToArray();

        var error = Assert.Throws<InvalidDataException>(() => target.LoadWeights(path));

        Assert.Contains(path, error.Message);
        Assert.Contains(change < 0 ? "truncated" : "follow its last weight", error.Message);
        Assert.Equal(before, target.GetWeights().Select(w => w.ToArray()).ToArray());
    }

    [Fact]
    public void A_weights_file_with_an_impossible_size_is_refused_before_allocating()
    {
        var path = PathFor("huge.weights.bin");
        using (var writer = new BinaryWriter(File.Create(path)))
        {
            // "DGW1", 1 layer "d" with 1 weight "k" of shape (2^28, 2^28).
            writer.Write("DGW1"u8);
            writer.Write(1);
            writer.Write(1);
            writer.Write("d"u8);
            writer.Write(1);
            writer.Write(1);
            writer.Write("k"u8);
            writer.Write(2);
            writer.Write(1 << 28);
            writer.Write(1 << 28);
        }

        var error = Assert.Throws<InvalidDataException>(() => Model().LoadWeights(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("'d/k'", error.Message);
    }

    [Fact]
    public void LoadWeights_of_a_whole_model_file_says_to_use_Load()
    {
        var path = Saved(Model(), "whole.dgmodel");

        var error = Assert.Throws<InvalidDataException>(() => Model().LoadWeights(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("Model.Load", error.Message);
    }

    [Fact]
    public void Saving_into_a_directory_that_does_not_exist_is_an_error_and_creates_nothing()
    {
        var model = Model();
        var missing = PathFor("no_such_directory");

        Assert.Throws<DirectoryNotFoundException>(() => model.Save(Path.Combine(missing, "m.dgmodel")));
        Assert.Throws<DirectoryNotFoundException>(() => model.SaveWeights(Path.Combine(missing, "m.weights.bin")));
        var error = Assert.Throws<DirectoryNotFoundException>(() => model.ExportOnnx(Path.Combine(missing, "m.onnx")));

        Assert.Contains(missing, error.Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void A_missing_file_is_a_FileNotFoundException_naming_it()
    {
        var path = PathFor("absent.dgmodel");

        var error = Assert.Throws<FileNotFoundException>(() => DiffGen.Model.Load(path));

        Assert.Contains(path, error.Message);
    }

    private static void ReplaceConfig(string path, string json)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Update);
        zip.GetEntry("config.json")!.Delete();
        using var writer = new StreamWriter(zip.CreateEntry("config.json").Open());
        writer.Write(json);
    }
}
