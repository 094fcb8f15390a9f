using Pipeline.Serving.Hosting;

namespace Pipeline.Serving.Tests.Hosting;

public sealed class ServingOptionsParserTests
{
    private static readonly Dictionary<string, string?> NoEnv = new();

    [Fact]
    public void Parse_FullCommandLine_ReadsEveryOption()
    {
        var (o, errors) = ServingOptionsParser.Parse(
            ["--model", "m.onnx", "--config", "models/x/model.yaml", "--name", "x", "--version", "3", "--variant", "canary", "--port", "9000",
             "--host", "0.0.0.0", "--batching", "off", "--max-batch", "32", "--max-delay-ms", "1.5", "--max-queue", "10", "--model-instances", "2",
             "--warmup-requests", "4", "--warmup-budget-seconds", "2.5"], NoEnv);
        Assert.Empty(errors);
        Assert.Equal(new ServingOptions
        {
            Model = "m.onnx", Config = "models/x/model.yaml", Name = "x", Version = "3", Variant = "canary", Port = 9000, Host = "0.0.0.0",
            Batching = false, MaxBatch = 32, MaxDelayMs = 1.5, MaxQueue = 10, ModelInstances = 2, WarmupRequests = 4, WarmupBudgetSeconds = 2.5,
        }, o);
    }

    [Fact]
    public void Parse_EnvironmentThenArguments_ArgumentsWin()
    {
        var env = new Dictionary<string, string?> { ["PIPELINE_SERVING_MODEL"] = "env.onnx", ["PIPELINE_SERVING_MAX_BATCH"] = "8", ["PIPELINE_SERVING_PORT"] = "1" };
        var (o, errors) = ServingOptionsParser.Parse(["--port=2", "--model-yaml", "a.yaml"], env);
        Assert.Empty(errors);
        Assert.Equal(("env.onnx", 8, 2, "a.yaml"), (o!.Model, o.MaxBatch, o.Port, o.Config));
    }

    [Fact]
    public void Parse_BadValues_CollectsEveryError()
    {
        var (o, errors) = ServingOptionsParser.Parse(["--port", "x", "--batching", "maybe", "--colour", "red", "--warmup-budget-seconds", "0"], NoEnv);
        Assert.Null(o);
        Assert.Contains(errors, e => e.Contains("--port: 'x' is not a whole number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--batching: 'maybe' is not auto, on or off", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--colour is unknown", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--warmup-budget-seconds: '0' is not a number in [0.1, 600]", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("--model is required", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("--test-extra-latency-ms")]
    [InlineData("--test-extra-cpu-us")]
    public void Parse_TestCostHookWithoutEnvironmentSwitch_Refused(string option)
    {
        var (o, errors) = ServingOptionsParser.Parse(["--model", "m.onnx", option, "50"], NoEnv);
        Assert.Null(o);
        Assert.Contains(errors, e => e.Contains(option, StringComparison.Ordinal) && e.Contains("PIPELINE_SERVING_TEST_HOOKS=1", StringComparison.Ordinal));
        var (allowed, none) = ServingOptionsParser.Parse(["--model", "m.onnx", option, "50"],
            new Dictionary<string, string?> { ["PIPELINE_SERVING_TEST_HOOKS"] = "1" });
        Assert.Empty(none);
        Assert.Equal(50, option == "--test-extra-cpu-us" ? allowed!.TestExtraCpuMicroseconds : allowed!.TestExtraLatencyMs);
    }
}
