using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Tests.Support;

namespace Pipeline.Onnx.Tests.Runtime;

/// <summary>A scikit-learn-converter-shaped classifier (LinearClassifier + ZipMap), committed as test data.</summary>
public sealed class ZipMapTests
{
    internal static readonly float[] Weights = [0.8f, -0.5f, 0.3f];
    internal const float Bias = -0.2f;

    public static readonly TheoryData<string, bool> Files = new()
    {
        { "zipmap_int64_classifier.onnx", false },
        { "zipmap_string_classifier.onnx", true },
    };

    [Theory]
    [MemberData(nameof(Files))]
    public void CommittedFile_IsWhatTheBuilderWrites(string file, bool stringLabels)
    {
        var built = TestModels.ZipMapClassifier(Weights, Bias, stringLabels);
        if (Environment.GetEnvironmentVariable("PIPELINE_WRITE_TESTDATA") == "1") File.WriteAllBytes(TestPaths.SourceTestData(file), built);
        Assert.Equal(built, File.ReadAllBytes(TestPaths.TestData(file)));
    }

    [Fact]
    public void Int64Keys_OutputIsSequenceOfMapsWithProbabilities()
    {
        using var s = InferenceSession.Open(TestPaths.TestData("zipmap_int64_classifier.onnx"));
        Assert.Equal("seq(map(int64,tensor(float)))", s.Output("output_probability").Type.ToString());
        float[] x = [1f, 2f, 3f, -1f, 0f, 0.5f];
        using var input = OrtValue.CreateTensor(x, 2, 3);
        var r = s.Run(("float_input", input));
        var seq = Assert.IsType<OnnxSequence>(r["output_probability"]);
        Assert.Equal(2, seq.Items.Count);
        for (var row = 0; row < 2; row++)
        {
            var map = Assert.IsType<OnnxMap>(seq.Items[row]).ToDictionary<long, float>();
            var p = Expected(x.AsSpan(row * 3, 3));
            Assert.Equal([0L, 1L], map.Keys.Order());
            Assert.Equal(p, map[1], 1e-5f);
            Assert.Equal(1 - p, map[0], 1e-5f);
            Assert.Equal(p > 0.5f ? 1L : 0L, ((OnnxTensor)r["label"]).As<long>()[row]);
        }
    }

    [Fact]
    public void StringKeys_MapsReadWithStringKeys()
    {
        using var s = InferenceSession.Open(TestPaths.TestData("zipmap_string_classifier.onnx"));
        Assert.Equal("seq(map(string,tensor(float)))", s.Output("output_probability").Type.ToString());
        float[] x = [0.5f, 0.1f, 2f];
        using var input = OrtValue.CreateTensor(x, 1, 3);
        var r = s.Run(("float_input", input));
        var map = ((OnnxMap)((OnnxSequence)r["output_probability"]).Items[0]).ToDictionary<string, float>();
        Assert.Equal(Expected(x), map["fraud"], 1e-5f);
        Assert.Equal(1 - Expected(x), map["legit"], 1e-5f);
        Assert.Equal(Expected(x) > 0.5f ? "fraud" : "legit", ((OnnxTensor)r["label"]).As<string>()[0]);
    }

    internal static float Expected(ReadOnlySpan<float> row)
    {
        var z = Bias;
        for (var i = 0; i < row.Length; i++) z += Weights[i] * row[i];
        return 1 / (1 + MathF.Exp(-z));
    }
}
