using Pipeline.Core.Models;
using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Onnx.Runtime;
using Pipeline.Onnx.Scoring;

namespace Pipeline.Onnx.Import;

/// <summary>
/// Validates a model to import: it loads, its inputs/outputs fit the contract through the mapping, it reproduces the
/// golden set, and on the sample it gives finite probabilities in [0, 1], deterministically, batch equal to single calls.
/// Returns a verdict listing every check; never throws for a bad model.
/// </summary>
public sealed partial class ImportValidator
{
    public const string Gate = "Import";

    private static readonly string[] NumericTypes = ["float", "double", "number", "int", "integer", "long", "bool", "boolean"];
    private static readonly string[] CategoricalTypes = ["category", "categorical", "string", "bool", "boolean"];

    public Verdict Validate(ImportRequest request) => Validate(request, out _);

    /// <summary>Validates and also returns the model's signature (null when it does not load).</summary>
    public Verdict Validate(ImportRequest request, out ModelSignature? signature)
    {
        var checks = new List<Check>();
        var notes = new List<string>();
        signature = null;
        checks.AddRange(ContractChecks(request));

        ModelScorer? scorer = null;
        InferenceSession? session = null;
        try
        {
            try
            {
                session = InferenceSession.Open(request.ModelPath);
                signature = ModelSignature.Read(session, request.ModelPath);
                checks.Add(Pass("model loads", $"{signature.Inputs.Count} inputs, {signature.Outputs.Count} outputs", "ONNX Runtime loads it",
                    $"producer {signature.Producer} {signature.ProducerVersion}, opsets {string.Join(", ", signature.Opsets.Select(o => $"{o.Key} {o.Value}"))}"));
            }
            catch (Exception e) when (e is OnnxRuntimeException or FileNotFoundException or Google.Protobuf.InvalidProtocolBufferException)
            {
                checks.Add(Fail("model loads", "load failed", "ONNX Runtime loads it",
                    $"{e.Message}. Re-export the model (corrupt file, or an operator/opset this ONNX Runtime {SafeVersion()} does not implement)."));
                return Finish(request, checks, notes, "model did not load");
            }

            try
            {
                scorer = ModelScorer.ForSession(session, request.Mapping);
                checks.Add(Pass("signature vs mapping", $"{signature.Inputs.Count} inputs fed, output {request.Mapping.OutputName} read ({request.Mapping.Task.Name()})",
                    $"{request.Mapping.Mode} mapping of {request.Mapping.AllColumns.Count()} columns fits",
                    "inputs: " + string.Join(", ", signature.Inputs.Select(i => $"{i.Name} {i.Type}"))));
            }
            catch (ModelMappingException e)
            {
                checks.Add(Fail("signature vs mapping", $"{e.Problems.Count} mismatch(es)", "every mapped column feeds a model input of a fitting type and shape",
                    string.Join("; ", e.Problems) + ". Fix features in model.yaml or re-export the model with matching inputs."));
                return Finish(request, checks, notes, "signature does not fit the mapping");
            }

            checks.Add(GoldenCheck(request, scorer, notes));
            checks.AddRange(SampleChecks(request, scorer, notes));
            return Finish(request, checks, notes, null);
        }
        finally
        {
            scorer?.Dispose();
            session?.Dispose();
        }
    }

    private static IEnumerable<Check> ContractChecks(ImportRequest request)
    {
        foreach (var (column, categorical) in request.Mapping.Numeric.Select(c => (c, false)).Concat(request.Mapping.Categorical.Select(c => (c, true))))
        {
            var metric = $"contract column {column}";
            var wanted = categorical ? "category/string/bool" : "float/int/bool";
            if (!request.ContractColumns.TryGetValue(column, out var type))
            {
                yield return Fail(metric, "absent", $"in {request.Contract}",
                    $"features in model.yaml name {column}, which {request.Contract} does not define; fix the name or add the column to the contract");
                continue;
            }
            var ok = (categorical ? CategoricalTypes : NumericTypes).Contains(type.Trim().ToLowerInvariant());
            yield return ok
                ? Pass(metric, type, wanted)
                : Fail(metric, type, wanted, $"{column} is {type} in {request.Contract}; as a {(categorical ? "categorical" : "numeric")} feature it must be {wanted}. Move it to the other feature list or change the contract.");
        }
    }

    private static Verdict Finish(ImportRequest request, List<Check> checks, List<string> notes, string? stoppedBecause)
    {
        if (stoppedBecause is not null)
        {
            foreach (var skipped in new[] { "golden set", "finite outputs", RangeMetric(request.Mapping), "determinism", "batch of N = N single calls" })
                checks.Add(Fail(skipped, "not run", "runs on the sample", $"not run: {stoppedBecause}"));
        }
        return new Verdict { Gate = Gate, Subject = request.Subject, Checks = checks, Notes = notes };
    }

    private static string SafeVersion()
    {
        try
        {
            return InferenceSession.RuntimeVersion;
        }
        catch (Exception)
        {
            return "(not loaded)";
        }
    }

    internal static Check Pass(string metric, string observed, string threshold, string? detail = null, long? n = null, double? value = null) =>
        new() { Metric = metric, Observed = observed, Threshold = threshold, Outcome = CheckOutcome.Pass, Detail = detail, SampleSize = n, Value = value };

    internal static Check Fail(string metric, string observed, string threshold, string? detail = null, long? n = null, double? value = null) =>
        new() { Metric = metric, Observed = observed, Threshold = threshold, Outcome = CheckOutcome.Fail, Detail = detail, SampleSize = n, Value = value };

    internal static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
