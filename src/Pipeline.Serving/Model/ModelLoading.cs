using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Serving.Hosting;

namespace Pipeline.Serving.Model;

/// <summary>Opens the model named by the options, wraps test hooks, and warms it up with one row so the first request is not the slow one.</summary>
public static class ModelLoading
{
    public static (IBatchScorer Scorer, ServedModel Model, TimeSpan LoadTime) Load(ServingOptions options, TimeProvider time)
    {
        var start = time.GetTimestamp();
        var file = ModelSource.ResolveModelFile(options.Model, options.Artifacts);
        if (options.Config is null) throw new ModelLoadException("--config is required: the model.yaml whose features section maps columns to model inputs");
        var config = ModelSource.LoadConfig(options.Config);
        var model = ServedModel.From(config.Features, options.Name ?? config.Name, options.Version, options.Variant);
        model = model with { Classes = config.Data.Classes, ScoreBuckets = options.ScoreBuckets ?? model.ScoreBuckets };
        IBatchScorer scorer;
        try { scorer = OnnxBatchScorer.Open(file, config.Features, Math.Max(options.MaxBatch, options.MaxRequestRows), options.IntraOpThreads); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new ModelLoadException($"--model {options.Model}: ONNX Runtime could not open {file} with the mapping of {options.Config}: {e.Message}", e);
        }
        if (options.TestExtraLatencyMs > 0) scorer = new DelayedScorer(scorer, TimeSpan.FromMilliseconds(options.TestExtraLatencyMs));
        if (options.TestExtraCpuMicroseconds > 0) scorer = new CostlyScorer(scorer, options.TestExtraCpuMicroseconds);
        try { scorer.Score(WarmupRow(model)); }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            scorer.Dispose();
            throw new ModelLoadException($"--model {options.Model}: the warm-up row failed: {e.Message}; check that the model's inputs match features in {options.Config}", e);
        }
        return (scorer, model, time.GetElapsedTime(start));
    }

    /// <summary>One neutral row (zeros, empty categories) that any model on the mapping must accept.</summary>
    internal static FeatureBatch WarmupRow(ServedModel model)
    {
        var batch = new FeatureBatch(1);
        foreach (var c in model.Numeric) batch.Numeric[c.Name] = [0f];
        foreach (var c in model.Categorical) batch.Categorical[c.Name] = [""];
        return batch;
    }
}
