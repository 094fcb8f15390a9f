using Pipeline.Batch.Scoring;
using Pipeline.Batch.Sinks;
using Pipeline.Batch.Sources;
using Pipeline.Build;
using Pipeline.Core.Errors;
using Pipeline.Data.Contracts;
using Pipeline.Data.Validation;
using Pipeline.Onnx.Scoring;
using Pipeline.Registry;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Usage;
using Pipeline.Registry.Versions;

partial class Build
{
    [Parameter("ScoreBatch: input to score, CSV, JSON Lines or Parquet (default: data.path of model.yaml)", Name = "input")]
    readonly string? BatchInput;

    [Parameter("ScoreBatch: where predictions go: a .parquet or .csv file, or a PostgreSQL table \"Host=…;Database=…;Username=…;Table=…\" (binary COPY; password from PGPASSWORD)",
        Name = "output")]
    readonly string? BatchOutput;

    [Parameter("ScoreBatch: batch id; re-running an id replaces that batch atomically, a killed run with the same id resumes (default: today's UTC date)",
        Name = "batch-id")]
    readonly string? BatchId;

    Target ScoreBatch => _ => _
        .Description("Score --input with the production version of --model (or --model-version) into --output (Parquet, CSV or PostgreSQL), atomically per --batch-id, resuming a killed run")
        .Requires(() => BatchOutput)
        .Executes(async ctx =>
        {
            var config = Config;
            var batchId = BatchId ?? DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            if (BatchIdentity.Problem(batchId) is { } problem) throw new UserInputException(problem);
            var input = BatchInput is { Length: > 0 } i ? Layout.Resolve(i) : Layout.Resolve(config.Data.Path);
            if (!File.Exists(input))
                throw new UserInputException(BatchInput is not { Length: > 0 } && config.Data.Generate is not null
                    ? $"ScoreBatch: {Model}'s data.path {input} does not exist yet (model.yaml generates it); run ./build.sh GenerateData --model {Model} first, or pass --input with the file to score (CSV, JSON Lines or Parquet)"
                    : $"ScoreBatch: --input {input} does not exist; pass the file to score (CSV, JSON Lines or Parquet)");
            var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
            if (!BatchSources.IsParquet(input))
                ctx.Report(DataValidator.Validate(input, contract, new ValidationOptions { Subject = Path.GetRelativePath(RootDirectory, input) }).Verdict);

            await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
            var version = await ScoredVersionAsync(registry, ctx.CancellationToken);
            if (!ctx.Store.Exists(version.ModelDigest))
                throw new UserInputException($"ScoreBatch: the ONNX file of {Model} {version.Version} ({version.ModelDigest}) is not in the artifact store {Layout.ArtifactsDirectory}; run the release that registered it here, or point PIPELINE_ARTIFACTS at its store");
            var batch = new BatchIdentity
            {
                BatchId = batchId, Model = Model, Version = version.Version, ModelDigest = version.ModelDigest, InputFingerprint = BatchIdentity.FingerprintOf(input),
            };

            using var source = OpenBatchInput(input, contract, config);
            await using var sink = BatchSinks.Open(Layout.Resolve(BatchOutput!) is var file && PostgresTarget.Is(BatchOutput!) ? BatchOutput! : file, TimeProvider.System);
            using var scorer = ModelScorer.Open(ctx.Store.PathOf(version.ModelDigest), config.Features, BatchScoring.ScorerOptions);
            var lastReport = DateTime.MinValue;
            var progress = new Progress<BatchProgress>(p =>
            {
                if ((DateTime.UtcNow - lastReport).TotalSeconds < 2) return;
                lastReport = DateTime.UtcNow;
                Log.Information($"ScoreBatch: {p.Rows:N0} rows, {p.Fraction:P0} of the input, {p.RowsPerSecond:N0} rows/s");
            });
            Log.Information($"ScoreBatch: batch {batchId} of {Path.GetRelativePath(RootDirectory, input)} with {Model} {version.Version} ({version.ModelDigest[..19]})");
            var result = await BatchScoring.RunAsync(batch, source, sink, scorer, progress, ctx.CancellationToken);

            var record = new BatchRecord
            {
                BatchId = batchId, Model = Model, Version = version.Version, ModelDigest = version.ModelDigest, Input = input, Output = result.Location,
                Rows = result.Rows, ResumedRows = result.ResumedRows, Seconds = result.Seconds, RowsPerSecond = result.RowsPerSecond,
            };
            ctx.Write(Outputs.Batch, record);
            if (!PostgresTarget.Is(BatchOutput!))
                ctx.Write(Outputs.BatchPredictions, ctx.Store.PutFile(result.Location, BatchSources.IsParquet(result.Location) ? "application/vnd.apache.parquet" : "text/csv"));
            await PatternUses.RecordAsync(registry, Model, new PatternUse
            {
                Pattern = "batch", Version = version.Version, ModelDigest = version.ModelDigest, Where = result.Location,
                Detail = $"{result.Rows} rows, batch {batchId}{(result.ResumedRows > 0 ? $", resumed after {result.ResumedRows}" : "")}",
            }, Actor, ctx.RunId, ctx.CancellationToken);
            Log.Information($"ScoreBatch: {result.Rows:N0} rows → {result.Location} in {result.Seconds:0.0} s ({result.RowsPerSecond:N0} rows/s)" +
                            (result.ResumedRows > 0 ? $"; resumed after {result.ResumedRows:N0} rows a killed run had staged" : ""));
            ctx.Note($"{result.Rows:N0} rows, batch {batchId}, {version.Version}");
        });

    /// <summary>The input, with a file that does not fit the contract (a Parquet schema, an unreadable file) reported as the user's input to fix.</summary>
    static IBatchSource OpenBatchInput(string input, DataContract contract, Pipeline.Core.Models.ModelConfig config)
    {
        try
        {
            return BatchSources.Open(input, contract, config.Features, config.Data.Key);
        }
        catch (InvalidDataException e)
        {
            throw new UserInputException($"ScoreBatch: {e.Message}", e);
        }
    }

    /// <summary>--model-version, else the production alias of --model.</summary>
    async Task<ModelVersion> ScoredVersionAsync(IModelRegistry registry, CancellationToken ct)
    {
        if (ModelVersion is { Length: > 0 } named)
            return await registry.GetVersionAsync(Model, named, ct) ?? throw new UserInputException(
                $"--model-version {named} is not registered for {Model} in {registry.Backend}. Fix: name a registered version (list them with ./build.sh Models --model {Model})");
        return await registry.GetAliasAsync(Model, AliasNames.Production, ct) ?? throw new UserInputException(
            $"{Model} has no production version in {registry.Backend}, and without --model-version the production version is the one used. Fix: release one (./build.sh DeployCanary --model {Model}) or name a registered one with --model-version");
    }
}
