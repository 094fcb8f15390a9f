using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Packaging.Validation;

namespace Pipeline.Packaging.Tests.Validation;

public sealed class InferenceRequestBuilderTests
{
    [Fact]
    public void Build_NamedMapping_WritesOneTensorPerColumnWithNullForMissing()
    {
        var batch = new FeatureBatch(2).WithNumeric("amount", [1.5f, float.NaN]).WithCategorical("country", ["US", null]);
        var mapping = new FeatureMapping { Numeric = ["amount"], Categorical = ["country"], InputNames = new() { ["country"] = "country_in" } };

        using var doc = JsonDocument.Parse(InferenceRequestBuilder.Build(batch, mapping));

        var inputs = doc.RootElement.GetProperty("inputs");
        Assert.Equal("""{"name":"amount","datatype":"FP32","shape":[2,1],"data":[1.5,null]}""", inputs[0].GetRawText());
        Assert.Equal("""{"name":"country_in","datatype":"BYTES","shape":[2,1],"data":["US",null]}""", inputs[1].GetRawText());
    }

    [Fact]
    public void Build_TensorMapping_WritesRowMajorMatrix()
    {
        var batch = new FeatureBatch(2).WithNumeric("a", [1, 2]).WithNumeric("b", [3, 4]);
        var mapping = new FeatureMapping { Mode = "tensor", Numeric = ["a", "b"], TensorInput = "x" };

        using var doc = JsonDocument.Parse(InferenceRequestBuilder.Build(batch, mapping));

        Assert.Equal("""{"name":"x","datatype":"FP32","shape":[2,2],"data":[1,3,2,4]}""", doc.RootElement.GetProperty("inputs")[0].GetRawText());
    }

    [Fact]
    public void Compare_WithinAndBeyondTolerance_CountsMismatches()
    {
        Assert.True(OutputComparison.Compare([0.5, 0.25], [0.50001, 0.25], 1e-4, 1e-6).Passed);
        var failed = OutputComparison.Compare([0.5, 0.25], [0.5, 0.3], 1e-4, 1e-6);
        Assert.Equal((false, 1), (failed.Passed, failed.Mismatches));
        Assert.False(OutputComparison.Compare([0.5], [0.5, 0.1], 1e-4, 1e-6).Passed);
    }
}
