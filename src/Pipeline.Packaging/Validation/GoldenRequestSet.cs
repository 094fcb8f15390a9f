using Pipeline.Core.Features;
using Pipeline.Core.Models;

namespace Pipeline.Packaging.Validation;

/// <summary>The golden requests a container must answer: the given rows as one v2 infer request, with the in-process scores and model.yaml's tolerances.</summary>
public static class GoldenRequestSet
{
    public static IReadOnlyList<GoldenRequest> For(ModelConfig config, FeatureBatch rows, IReadOnlyList<float> expected) =>
    [
        new GoldenRequest
        {
            Path = $"/v2/models/{config.Name}/infer",
            Body = InferenceRequestBuilder.Build(rows, config.Features),
            OutputName = config.Features.OutputName,
            Expected = expected.Select(v => (double)v).ToList(),
            RelativeTolerance = config.Golden?.Rtol ?? 1e-4,
            AbsoluteTolerance = config.Golden?.Atol ?? 1e-5,
        },
    ];
}
