using Pipeline.Build;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Generation;
using Pipeline.Data.Profiling;
using Pipeline.Data.Validation;
using Pipeline.Registry.Aliases;

partial class Build
{
    [Parameter("Dataset file every stage uses instead of data.path of model.yaml (ValidateData, Train, EvaluateGate, the release; GenerateData writes it)", Name = "data")]
    readonly string? DataOverride;

    [Parameter("A dataset Monitor built from production logs (onBreach: retrain): ValidateData checks the columns training reads under the contract's rules (the servers never see the others) and reports drift against production as information")]
    readonly bool Retraining;

    [Parameter("Profile JSON to test drift against, instead of the production model's training-data profile")]
    readonly string? Baseline;

    [Parameter("GenerateData: rows to write (default: data.generate.rows of model.yaml)")]
    readonly int? Rows;

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

    /// <summary>--data stands for data.path in every stage of the run (Train, EvaluateGate, the benchmark's rows, the release's replay
    /// and lineage), not in ValidateData alone; a file given so is never generated.</summary>
    ModelConfig WithDataOverride(ModelConfig config) =>
        DataOverride is { Length: > 0 } d ? config with { Data = config.Data with { Path = Layout.Resolve(d), Generate = null } } : config;

    /// <summary>The contract ValidateData judges the dataset by: the model's, or its retraining view under --retraining.</summary>
    Pipeline.Data.Contracts.DataContract ValidationContract(ModelConfig config)
    {
        var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
        return Retraining ? contract.View(Pipeline.Monitoring.Retraining.RetrainingColumns.For(config, contract).Select(c => c.Column.Name)) : contract;
    }

    /// <summary>The dataset ValidateData reads: --data, else data.path of model.yaml.</summary>
    string DataFile => DataOverride is { Length: > 0 } d ? Layout.Resolve(d) : Layout.Resolve(Config.Data.Path);

    Target GenerateData => _ => _
        .Description("Write the synthetic dataset a model.yaml declares (data.generate; --rows, --seed, --drift-*) to data.path or --data; never replaces a file it did not write")
        .Executes(ctx =>
        {
            // GenerateData writes to --data, so it reads model.yaml's own data section.
            var config = ModelConfigLoader.Load(Layout, Model);
            var spec = config.Data.Generate ?? throw new Pipeline.Core.Errors.UserInputException(
                $"GenerateData: {ModelFile} has no data.generate section, so {config.Data.Path} is {Model}'s own data and is not generated. " +
                "Fix: add data.generate (generator, rows, seed) to model.yaml for a synthetic dataset, or pick a model that declares one (e.g. --model fraud-detector).");
            var drift = GeneratorDrift;
            var target = DataOverride is { Length: > 0 } d ? Layout.Resolve(d)
                : drift.IsNone ? Layout.Resolve(config.Data.Path)
                : Path.Combine(Layout.DataDirectory, "generated", "transactions-drifted.csv");
            var rows = Rows ?? spec.Rows;
            var seed = Seed != 0 ? Seed : spec.Seed;
            var watch = System.Diagnostics.Stopwatch.StartNew();
            GeneratedDataset.Write(target, spec.Generator, rows, seed, drift);
            Log.Information($"GenerateData: {rows} rows (seed {seed}{(drift.IsNone ? "" : ", drift " + drift)}) → {Path.GetRelativePath(RootDirectory, target)} in {watch.Elapsed.TotalSeconds:F1} s");
            ctx.Note($"{rows} rows, seed {seed}{(drift.IsNone ? "" : ", drifted")} → {Path.GetRelativePath(RootDirectory, target)}");
        });

    Target ValidateData => _ => _
        .Description("Check the dataset against its contract and the production data profile (drift); writes the profile and a report")
        .Inputs(ctx => ValidateDataInputs(ctx))
        .Executes(ctx =>
        {
            var config = Config;
            var contract = ValidationContract(config);
            var data = EnsureDataset(config);
            var (baseline, description) = ResolveBaseline(ctx);
            var result = DataValidator.Validate(data, contract, new ValidationOptions
            {
                Baseline = baseline,
                BaselineDescription = description,
                DriftAsInformation = Retraining,
                Subject = Path.GetRelativePath(RootDirectory, data),
            });
            ctx.Write(Outputs.DataProfile, ctx.Store.PutText(ProfileJson.Serialize(result.Profile), Outputs.DataProfile.MediaType));
            if (baseline is not null) ctx.Write(Outputs.BaselineProfile, ctx.Store.PutText(ProfileJson.Serialize(baseline), Outputs.BaselineProfile.MediaType));
            ctx.Write(Outputs.ValidationReport, ctx.Store.PutText(DataValidator.ToJson(result.Report), Outputs.ValidationReport.MediaType));
            var warned = result.Verdict.Checks.Count(c => c.Outcome == Pipeline.Core.Verdicts.CheckOutcome.Warn);
            ctx.Note($"{result.Profile.Rows} rows, {result.Profile.RejectedRows} rejected, {result.Report.Bytes / 1e6:F0} MB at {result.Report.Bytes / 1e6 / Math.Max(1e-3, result.Report.Seconds):F0} MB/s"
                     + $"{(warned > 0 ? $", {warned} warnings" : "")}; {(baseline is null ? "no baseline" : "drift vs " + description)}");
            ctx.Report(result.Verdict);
        });

    TargetInputs ValidateDataInputs(TargetContext ctx)
    {
        var config = Config;
        var data = EnsureDataset(config);
        var (_, baselineId) = ResolveBaselineReference(ctx);
        return TargetInputs.Files(data, Layout.ContractFile(config.Data.Contract), ModelFile)
            .Parameter("model", Model)
            .Parameter("retraining", Retraining ? "true" : "false")
            .Parameter("baseline", baselineId ?? "none");
    }

    /// <summary>The dataset file: --data as given (it must exist), else data.path, generated first when missing and model.yaml says how.</summary>
    string EnsureDataset(ModelConfig config)
    {
        if (DataOverride is not { Length: > 0 }) return Pipeline.Training.Datasets.ModelDataset.EnsureFile(Layout, config);
        var data = DataFile;
        return File.Exists(data) ? data : throw new FileNotFoundException($"--data {DataOverride}: {data} does not exist; fix --data", data);
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
        foreach (var (runId, profile) in ctx.EarlierOutputs(Outputs.DataProfile))
            return ($"last accepted profile (run {runId})", profile.Digest);
        return (null, null);
    }
}
