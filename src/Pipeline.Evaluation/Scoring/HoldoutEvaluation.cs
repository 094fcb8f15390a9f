using Pipeline.Evaluation.Gate;
using Pipeline.Onnx.Scoring;
using Pipeline.Training.Datasets;

namespace Pipeline.Evaluation.Scoring;

/// <summary>The EvaluateGate's work: score the holdout of a model's dataset with the candidate (and the champion, on the same rows) through ONNX Runtime, then judge.</summary>
public static class HoldoutEvaluation
{
    public static EvaluationReport Evaluate(ModelDataset dataset, string candidateOnnx, string subject, ChampionModel? champion = null,
        string? forceAcceptReason = null, ScorerOptions? options = null)
    {
        var config = dataset.Config;
        var batch = dataset.HoldoutBatch();
        var labels = dataset.HoldoutLabels();
        var scores = HoldoutScorer.Score(candidateOnnx, config.Features, batch, options);
        ChampionScores? championScores = null;
        if (champion is not null)
        {
            var championBatch = champion.Mapping == config.Features ? batch : dataset.Table.ToFeatureBatch(champion.Mapping, dataset.Split.Holdout);
            championScores = new ChampionScores(champion.Name, HoldoutScorer.Score(champion.OnnxPath, champion.Mapping, championBatch, options));
        }
        var segments = config.Evaluation.Segments
            .Select(s => s.Column).Distinct(StringComparer.Ordinal)
            .ToDictionary(c => c, dataset.HoldoutText, StringComparer.Ordinal);
        return EvaluationGate.Evaluate(new EvaluationInput
        {
            Subject = subject,
            Scores = scores,
            Labels = labels,
            Policy = config.Evaluation,
            SegmentColumns = segments,
            Champion = championScores,
            ForceAcceptReason = forceAcceptReason,
            Task = config.Task,
            Classes = config.Data.Classes,
            TrainingLabels = config.Task == Core.Models.ModelTask.Regression ? dataset.TrainLabels() : [],
        });
    }
}
