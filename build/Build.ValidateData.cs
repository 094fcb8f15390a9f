using Pipeline.Build;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Profiling;
using Pipeline.Data.Validation;
using Pipeline.Registry.Aliases;

partial class Build
{
    [Parameter("Dataset file to validate (or to write, for GenerateData) instead of data.path of model.yaml", Name = "data")]
    readonly string? DataOverride;

    [Parameter("Profile JSON to test drift against, instead of the production model's training-data profile")]
    readonly string? Baseline;

    [Parameter("GenerateData: rows to write (default: data.generate.rows of model.yaml)")]
    readonly int Rows;

    [Parameter("GenerateData: generator seed (default: data.generate.seed of model.yaml)")]
    readonly int Seed;

    [Parameter("GenerateData: multiply amounts by this factor (drift injection, e.g. 1.5)")]
    readonly double DriftAmountScale = 1.0;

    [Parameter("GenerateData: write this unknown merchant category on 10 % of rows (drift injection)")]
    readonly string? DriftNewCategory;

    [Parameter("GenerateData: blank this column on 30 % of rows (null-burst injection)")]
    readonly string? DriftNullColumn;

    [Parameter("GenerateData: add this to the hidden fraud log-odds (label shift; 1.0 ≈ 2.6x positives)")]
    readonly double DriftLabelShift;

    DriftOptions GeneratorDrift => new()
    {
        AmountScale = DriftAmountScale,
        NewCategory = DriftNewCategory,
        NullBurstColumn = DriftNullColumn,
        LabelShift = DriftLabelShift,
    };

    /// <summary>The dataset ValidateData reads: --data, else data.path of model.yaml.</summary>
    string DataFile => DataOverride is { Length: > 0 } d ? Layout.Resolve(d) : Layout.Resolve(LoadModelConfig().Data.Path);

    Target GenerateData => _ => _
        .Description("Write the synthetic transactions dataset (--rows, --seed, --drift-*) to --data or data.path of model.yaml")
        .Executes(ctx =>
        {
            var config = LoadModelConfig();
            var spec = config.Data.Generate ?? new GeneratorSpec();
            var drift = GeneratorDrift;
            var target = DataOverride is { Length: > 0 } d ? Layout.Resolve(d)
                : drift.IsNone ? Layout.Resolve(config.Data.Path)
                : Path.Combine(Layout.DataDirectory, "generated", "transactions-drifted.csv");
            var rows = Rows > 0 ? Rows : spec.Rows;
            var seed = Seed != 0 ? Seed : spec.Seed;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            TransactionsGenerator.Write(target, rows, seed, drift);
            Log.Information($"GenerateData: {rows} rows (seed {seed}{(drift.IsNone ? "" : ", drift " + drift)}) → {Path.GetRelativePath(RootDirectory, target)} in {watch.Elapsed.TotalSeconds:F1} s");
            ctx.Note($"{rows} rows, seed {seed}{(drift.IsNone ? "" : ", drifted")} → {Path.GetRelativePath(RootDirectory, target)}");
        });

    Target ValidateData => _ => _
        .Description("Check the dataset against its contract and the production data profile (drift); writes the profile and a report")
        .Inputs(ctx => ValidateDataInputs(ctx))
        .Executes(ctx =>
        {
            var config = LoadModelConfig();
            var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
            var data = EnsureDataset(config);
            var (baseline, description) = ResolveBaseline(ctx);
            var result = DataValidator.Validate(data, contract, new ValidationOptions
            {
                Baseline = baseline,
                BaselineDescription = description,
                Subject = Path.GetRelativePath(RootDirectory, data),
            });
            var profile = ctx.Store.PutText(ProfileJson.Serialize(result.Profile), "application/vnd.pipeline.data-profile+json");
            ctx.Output("profile", profile);
            ctx.Output("validation-report", ctx.Store.PutText(DataValidator.ToJson(result.Report), "application/vnd.pipeline.validation-report+json"));
            var warned = result.Verdict.Checks.Count(c => c.Outcome == Pipeline.Core.Verdicts.CheckOutcome.Warn);
            ctx.Note($"{result.Profile.Rows} rows, {result.Profile.RejectedRows} rejected, {result.Report.Bytes / 1e6:F0} MB at {result.Report.Bytes / 1e6 / Math.Max(1e-3, result.Report.Seconds):F0} MB/s"
                     + $"{(warned > 0 ? $", {warned} warnings" : "")}; {(baseline is null ? "no baseline" : "drift vs " + description)}");
            ctx.Report(result.Verdict);
        });

    TargetInputs ValidateDataInputs(TargetContext ctx)
    {
        var config = LoadModelConfig();
        var data = EnsureDataset(config);
        var (_, baselineId) = ResolveBaselineReference(ctx);
        return TargetInputs.Files(data, Layout.ContractFile(config.Data.Contract), ModelFile)
            .Parameter("model", Model)
            .Parameter("baseline", baselineId ?? "none");
    }

    /// <summary>The dataset file, generated first when it is the model's default path, missing, and model.yaml says how.</summary>
    string EnsureDataset(ModelConfig config)
    {
        var data = DataFile;
        if (File.Exists(data)) return data;
        if (DataOverride is { Length: > 0 } || config.Data.Generate is not { } g)
            throw new FileNotFoundException($"dataset {data} does not exist; " + (DataOverride is { Length: > 0 } ? "fix --data" : "add data.generate to model.yaml or provide the file"), data);
        if (g.Generator != "transactions")
            throw new ArgumentException($"data.generate.generator '{g.Generator}' in {ModelFile} is unknown; the built-in generator is 'transactions'");
        Log.Information($"ValidateData: {Path.GetRelativePath(RootDirectory, data)} is missing; generating {g.Rows} rows (seed {g.Seed}) as model.yaml says");
        TransactionsGenerator.Write(data, g.Rows, g.Seed);
        return data;
    }

    (DatasetProfile? Profile, string? Description) ResolveBaseline(TargetContext ctx)
    {
        var (source, id) = ResolveBaselineReference(ctx);
        return source switch
        {
            null => (null, null),
            "file" => (ProfileJson.Read(Layout.Resolve(Baseline!)), $"--baseline {Baseline}"),
            _ => (ProfileJson.Deserialize(File.ReadAllText(ctx.Store.PathOf(id!))), source),
        };
    }

    /// <summary>
    /// Where the drift baseline comes from, and an id for the fingerprint: --baseline; else the production version's training-data
    /// profile in the registry; else the profile of the last run where ValidateData accepted data for --model; else none.
    /// </summary>
    (string? Source, string? Id) ResolveBaselineReference(TargetContext ctx)
    {
        if (Baseline is { Length: > 0 } file)
        {
            var path = Layout.Resolve(file);
            if (!File.Exists(path)) throw new FileNotFoundException($"--baseline {file} does not exist; pass a profile.json written by ValidateData", path);
            return ("file", Pipeline.Training.Datasets.ModelDataset.Digest(path));
        }
        var registry = OpenRegistryAsync(ctx.CancellationToken).GetAwaiter().GetResult();
        try
        {
            var production = registry.GetAliasAsync(Model, AliasNames.Production, ctx.CancellationToken).GetAwaiter().GetResult();
            if (production?.Lineage.DataProfileDigest is { } digest && ctx.Store.Exists(digest))
                return ($"training data of {Model} {production.Version} (production)", digest);
        }
        finally
        {
            (registry as IAsyncDisposable)?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        foreach (var run in new ManifestStore(ctx.Store).ReadAll().OrderByDescending(r => r.StartedAt))
        {
            if (run.RunId == ctx.RunId) continue;
            var model = run.Parameters.FirstOrDefault(kv => string.Equals(kv.Key, "model", StringComparison.OrdinalIgnoreCase)).Value ?? "fraud-detector";
            if (model != Model) continue;
            var record = run.Targets.FirstOrDefault(t => t.Name == nameof(ValidateData) && t.Status is TargetStatus.Succeeded or TargetStatus.UpToDate);
            if (record is null || !record.Outputs.TryGetValue("profile", out var profile) || !ctx.Store.Exists(profile)) continue;
            return ($"last accepted profile (run {run.RunId})", profile.Digest);
        }
        return (null, null);
    }
}
