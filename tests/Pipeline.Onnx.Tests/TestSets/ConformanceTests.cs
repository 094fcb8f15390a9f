using Xunit.Abstractions;

namespace Pipeline.Onnx.Tests.TestSets;

/// <summary>ONNX backend test models from Debian's libonnx-testdata, run through the binding against their golden outputs.</summary>
public sealed class ConformanceTests(ITestOutputHelper output)
{
    private const string Root = "/usr/share/libonnx-testdata/data";

    /// <summary>Cases that cannot pass, with the reason (checked: exactly these fail).</summary>
    private static readonly Dictionary<string, string> KnownFailures = new(StringComparer.Ordinal)
    {
        ["pytorch-converted/test_AvgPool1d"] = "opset-1 AveragePool: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_AvgPool1d_stride"] = "opset-1 AveragePool: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_AvgPool2d"] = "opset-1 AveragePool: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_AvgPool2d_stride"] = "opset-1 AveragePool: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_AvgPool3d"] = "opset-1 AveragePool: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_AvgPool3d_stride1_pad0_gpu_input"] = "opset-1 AveragePool: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_AvgPool3d_stride"] = "opset-1 AveragePool: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_BatchNorm1d_3d_input_eval"] = "opset-6 BatchNormalization: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_BatchNorm2d_eval"] = "opset-6 BatchNormalization: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_BatchNorm2d_momentum_eval"] = "opset-6 BatchNormalization: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_BatchNorm3d_eval"] = "opset-6 BatchNormalization: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_BatchNorm3d_momentum_eval"] = "opset-6 BatchNormalization: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_GLU"] = "opset-6 Mul: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_GLU_dim"] = "opset-6 Mul: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_Linear"] = "opset-6 Gemm: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_PReLU_1d"] = "opset-6 PRelu: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_PReLU_1d_multiparam"] = "opset-6 PRelu: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_PReLU_2d"] = "opset-6 PRelu: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_PReLU_2d_multiparam"] = "opset-6 PRelu: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_PReLU_3d"] = "opset-6 PRelu: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_PReLU_3d_multiparam"] = "opset-6 PRelu: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_PoissonNLLLLoss_no_reduce"] = "opset-6 Mul: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-converted/test_Softsign"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_add_broadcast"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_add_size1_broadcast"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_add_size1_right_broadcast"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_add_size1_singleton_broadcast"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_addconstant"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_addmm"] = "opset-6 Gemm: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_basic"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_mm"] = "opset-6 Gemm: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_non_float_params"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_params"] = "opset-6 Add: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["pytorch-operator/test_operator_pow"] = "opset-1 Pow: ONNX Runtime 1.30 has no kernel for this old operator version (model predates opset 7)",
        ["simple/test_gradient_of_add"] = "ai.onnx.preview.training Gradient is a training operator; the inference build of ONNX Runtime has no kernel for it",
        ["simple/test_gradient_of_add_and_mul"] = "ai.onnx.preview.training Gradient is a training operator; the inference build of ONNX Runtime has no kernel for it",
    };

    [Fact]
    public void BackendTestSets_MatchGoldenOutputs()
    {
        Assert.True(Directory.Exists(Root), $"{Root} is missing: run .ci/install/20-onnx-testdata.sh (apt-get install -y libonnx-testdata)");
        var results = new SortedDictionary<string, string?>(StringComparer.Ordinal);
        foreach (var set in new[] { "pytorch-converted", "pytorch-operator", "simple" })
            foreach (var dir in Directory.GetDirectories(Path.Combine(Root, set)).Order(StringComparer.Ordinal))
                results[$"{set}/{Path.GetFileName(dir)}"] = OnnxTestCase.Run(dir);

        var passed = results.Count(r => r.Value is null);
        output.WriteLine($"ONNX conformance: {passed}/{results.Count} passed (rtol {OnnxTestCase.Rtol:g}, atol {OnnxTestCase.Atol:g})");
        foreach (var (name, reason) in results.Where(r => r.Value is not null))
            output.WriteLine($"  FAIL {name}: {reason}");
        Console.WriteLine($"ONNX conformance: {passed}/{results.Count} passed");

        var failing = results.Where(r => r.Value is not null).Select(r => r.Key).ToHashSet();
        var unexpected = failing.Except(KnownFailures.Keys).Select(k => $"{k}: {results[k]}").ToArray();
        var nowPassing = KnownFailures.Keys.Where(k => results.ContainsKey(k) && results[k] is null).ToArray();
        Assert.True(unexpected.Length == 0, "unexpected failures:\n" + string.Join("\n", unexpected));
        Assert.True(nowPassing.Length == 0, "known failures now pass (remove them from the list): " + string.Join(", ", nowPassing));
        Assert.True(results.Count >= 130, $"expected the three sets to hold >= 130 cases, found {results.Count}");
        // Every failure is an operator version ONNX Runtime 1.30 no longer implements; everything it can load must match.
        Assert.True(passed >= 104, $"only {passed}/{results.Count} cases passed");
    }
}
