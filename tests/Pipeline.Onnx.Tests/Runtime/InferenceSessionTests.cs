using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Tests.Support;

namespace Pipeline.Onnx.Tests.Runtime;

public sealed class InferenceSessionTests
{
    private static InferenceSession Logistic() => InferenceSession.FromBytes(TestModels.LogisticNamed(
        [("amount", 0.5f), ("hour", -0.25f)], [("country", new() { ["US"] = 0.1f, ["NG"] = 1.5f })], -1f), label: "logistic-test");

    [Fact]
    public void Open_LoadsRuntimeAtPinnedVersion()
    {
        using var s = Logistic();
        Assert.StartsWith("1.32", InferenceSession.RuntimeVersion);
        Assert.True(File.Exists(InferenceSession.RuntimeLibraryPath));
    }

    [Fact]
    public void Inputs_ReportNamesTypesAndSymbolicDimensions()
    {
        using var s = Logistic();
        Assert.Equal(["amount", "hour", "country"], s.Inputs.Select(i => i.Name));
        var amount = s.Input("amount").Type;
        Assert.Equal(OnnxValueKind.Tensor, amount.Kind);
        Assert.Equal(TensorElementType.Float, amount.ElementType);
        Assert.Equal([new Dimension(-1, "N"), new Dimension(1, null)], amount.Shape!);
        Assert.Equal(TensorElementType.String, s.Input("country").Type.ElementType);
        Assert.Equal("tensor(float)[N,2]", s.Output("probability").Type.ToString());
        Assert.Equal("tensor(int64)[N]", s.Output("label").Type.ToString());
    }

    [Fact]
    public void Metadata_IncludesProducerGraphAndCustomMap()
    {
        using var s = Logistic();
        var m = s.Metadata;
        Assert.Equal("pipeline", m.ProducerName);
        Assert.Equal("logistic_named", m.GraphName);
        Assert.Equal(1, m.Version);
        Assert.Equal("test-logistic", m.Custom["trainer"]);
        Assert.Equal("amount,hour,country_w", m.Custom["features"]);
    }

    [Fact]
    public void Run_ComputesLogisticProbabilities()
    {
        using var s = Logistic();
        using var amount = OrtValue.CreateTensor(new float[] { 2f, 0f }, 2, 1);
        using var hour = OrtValue.CreateTensor(new float[] { 4f, 0f }, 2, 1);
        using var country = OrtValue.CreateStringTensor(["NG", "XX"], 2, 1);
        var r = s.Run(("amount", amount), ("hour", hour), ("country", country));
        var p = ((OnnxTensor)r["probability"]).As<float>();
        var z0 = 0.5f * 2 - 0.25f * 4 + 1.5f - 1f;
        Assert.Equal(1 / (1 + MathF.Exp(-z0)), p[1], 5);
        Assert.Equal(1 - p[1], p[0], 5);
        Assert.Equal(1 / (1 + MathF.Exp(1f)), p[3], 5);
        Assert.Equal([2L, 2L], ((OnnxTensor)r["probability"]).Shape);
        Assert.Equal([1L, 0L], ((OnnxTensor)r["label"]).As<long>());
    }

    [Fact]
    public void Run_RoundTripsEveryElementType()
    {
        using var s = InferenceSession.FromBytes(TestModels.IdentityAllTypes());
        using var f = OrtValue.CreateTensor(new[] { 1.5f, -2f, float.NaN, 4f }, 2, 2);
        using var d = OrtValue.CreateTensor(new[] { 1.25, -2, 3, 1e300 }, 2, 2);
        using var l = OrtValue.CreateTensor(new[] { long.MaxValue, -1, 0, 42 }, 2, 2);
        using var i = OrtValue.CreateTensor(new[] { int.MinValue, 1, 2, 3 }, 2, 2);
        using var i8 = OrtValue.CreateTensor(new sbyte[] { -128, 127, 0, 1 }, 2, 2);
        using var u8 = OrtValue.CreateTensor(new byte[] { 255, 0, 1, 2 }, 2, 2);
        using var b = OrtValue.CreateTensor(new[] { true, false, false, true }, 2, 2);
        using var str = OrtValue.CreateStringTensor(["a", "", "ünï", "long string value"], 2, 2);
        var r = s.Run(("in_float", f), ("in_double", d), ("in_int64", l), ("in_int32", i), ("in_int8", i8), ("in_uint8", u8), ("in_bool", b), ("in_string", str));
        Assert.Equal(new[] { 1.5f, -2f, float.NaN, 4f }, ((OnnxTensor)r["out_float"]).As<float>());
        Assert.Equal(new[] { 1.25, -2, 3, 1e300 }, ((OnnxTensor)r["out_double"]).As<double>());
        Assert.Equal(new[] { long.MaxValue, -1, 0, 42 }, ((OnnxTensor)r["out_int64"]).As<long>());
        Assert.Equal(new[] { int.MinValue, 1, 2, 3 }, ((OnnxTensor)r["out_int32"]).As<int>());
        Assert.Equal(new sbyte[] { -128, 127, 0, 1 }, ((OnnxTensor)r["out_int8"]).As<sbyte>());
        Assert.Equal(new byte[] { 255, 0, 1, 2 }, ((OnnxTensor)r["out_uint8"]).As<byte>());
        Assert.Equal(new[] { true, false, false, true }, ((OnnxTensor)r["out_bool"]).As<bool>());
        Assert.Equal(["a", "", "ünï", "long string value"], ((OnnxTensor)r["out_string"]).As<string>());
        Assert.Equal([2L, 2L], ((OnnxTensor)r["out_string"]).Shape);
    }

    [Fact]
    public void Run_WrongShape_ThrowsWithModelInputExpectedAndGivenShape()
    {
        using var s = InferenceSession.FromBytes(TestModels.LogisticTensor([1f, 2f, 3f, 4f], 0f), label: "models/x/model.onnx");
        using var x = OrtValue.CreateTensor(new float[3], 1, 3);
        var e = Assert.Throws<OnnxRuntimeException>(() => s.Run(("input", x)));
        Assert.Contains("models/x/model.onnx", e.Message);
        Assert.Contains("input input given tensor(float)[1,3], model expects tensor(float)[batch,4]", e.Message);
        Assert.Equal(OrtErrorCode.InvalidArgument, e.Code);
        Assert.False(string.IsNullOrEmpty(e.OrtMessage));
    }

    [Fact]
    public void Run_WrongType_ThrowsNamingTheInput()
    {
        using var s = InferenceSession.FromBytes(TestModels.LogisticTensor([1f, 2f], 0f), label: "m.onnx");
        using var x = OrtValue.CreateTensor(new double[2], 1, 2);
        var e = Assert.Throws<OnnxRuntimeException>(() => s.Run(("input", x)));
        Assert.Contains("input input given tensor(double)[1,2], model expects tensor(float)[batch,2]", e.Message);
    }

    [Fact]
    public void Open_CorruptFile_ThrowsWithPathAndOrtMessage()
    {
        var dir = TestPaths.TempDirectory();
        var path = Path.Combine(dir, "corrupt.onnx");
        File.WriteAllBytes(path, [0x08, 0xff, 0xff, 0x12, 0x99, 0x01, 0x02]);
        var e = Assert.Throws<OnnxRuntimeException>(() => InferenceSession.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("loading ONNX model", e.Message);
    }

    [Fact]
    public void Open_MissingFile_SaysSo()
    {
        var e = Assert.Throws<FileNotFoundException>(() => InferenceSession.Open("/nonexistent/model.onnx"));
        Assert.Contains("/nonexistent/model.onnx", e.Message);
    }

    [Fact]
    public void Open_FromFileWithOptions_Runs()
    {
        var dir = TestPaths.TempDirectory();
        var path = Path.Combine(dir, "m.onnx");
        File.WriteAllBytes(path, TestModels.LogisticTensor([1f], 0f));
        using var s = InferenceSession.Open(path, new SessionOptions
        {
            IntraOpThreads = 1, InterOpThreads = 1, OptimizationLevel = GraphOptimizationLevel.Basic, ExecutionMode = ExecutionMode.Parallel,
        });
        Assert.Equal(path, s.Source);
        using var x = OrtValue.CreateTensor(new[] { 0f }, 1, 1);
        Assert.Equal(0.5f, ((OnnxTensor)s.Run(("input", x))[0]).As<float>()[0]);
    }

    [Fact]
    public async Task Run_ConcurrentCallsOnOneSession_AllCorrect()
    {
        using var s = InferenceSession.FromBytes(TestModels.LogisticTensor([1f, -1f], 0.5f));
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var rnd = new Random(t);
            for (var i = 0; i < 300; i++)
            {
                var a = (float)rnd.NextDouble();
                var b = (float)rnd.NextDouble();
                using var x = OrtValue.CreateTensor(new[] { a, b }, 1, 2);
                var p = ((OnnxTensor)s.Run(("input", x))[0]).As<float>()[0];
                Assert.Equal(1 / (1 + MathF.Exp(-(a - b + 0.5f))), p, 1e-5f);
            }
        }));
        await Task.WhenAll(tasks);
    }

    [Fact]
    public void PreparedRun_ReusesBuffersWithoutManagedAllocation()
    {
        using var s = InferenceSession.FromBytes(TestModels.LogisticTensor([1f, 2f, 3f], 0f));
        using var input = OrtValue.AllocateTensor<float>(1, 3);
        using var output = OrtValue.AllocateTensor<float>(1, 1);
        using var run = s.Prepare([("input", input)], [("probability", output)]);
        input.GetTensorSpan<float>()[0] = 1f;
        run.Run();
        Assert.Equal(1 / (1 + MathF.Exp(-1f)), output.GetTensorSpan<float>()[0], 5);
        for (var i = 0; i < 100; i++) run.Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++) run.Run();
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
