using System.Globalization;
using Pipeline.Build;
using Pipeline.Core.Features;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;
using Pipeline.Data.Tables;
using Pipeline.Onnx.Import;
using Pipeline.Training.Datasets;

partial class Build
{
    /// <summary>Rows of the contract's data the import checks run on (finite, range, determinism, batch vs single).</summary>
    const int ImportSampleRows = 2000;

    Target Import => _ => _
        .Description("Import --model's ONNX file (source.kind import): validate it against its data contract through the mapping, then store it by digest with its signature")
        .DependsOn(ValidateData)
        .OnlyWhenDynamic(() => Config.Source.Kind == "import")
        .Inputs(ctx => ImportInputs())
        .Executes(ctx =>
        {
            var config = Config;
            var onnx = ImportedModelFile(config);
            var contract = DataContractLoader.Load(Layout.ContractFile(config.Data.Contract));
            var request = new ImportRequest
            {
                ModelPath = onnx,
                Subject = $"{config.Name} ({config.Source.Onnx})",
                Contract = contract.Id,
                Mapping = config.Features,
                ContractColumns = contract.Columns.ToDictionary(c => c.Name, c => c.Type.ToString().ToLowerInvariant(), StringComparer.Ordinal),
                Sample = ImportSample(config, contract),
                Golden = ImportGolden(config, contract),
            };
            Log.Information($"Import {config.Name}: {config.Source.Onnx} against {contract.Id} ({request.Sample?.Rows ?? 0} sample rows)");
            var verdict = new ImportValidator().Validate(request, out var signature);
            ctx.Report(verdict);   // throws on failure: nothing below runs, the model never enters the store

            var model = ctx.Write(Outputs.ImportedModel, ctx.Store.PutFile(onnx, Outputs.ImportedModel.MediaType));
            ctx.Write(Outputs.Signature, signature!);
            ctx.Note($"{signature!.Producer} {signature.ProducerVersion}, {signature.Inputs.Count} inputs, model {model.Digest[..19]}");
        });

    TargetInputs ImportInputs()
    {
        var config = Config;
        var inputs = TargetInputs.Files(ImportedModelFile(config), ModelFile, Layout.ContractFile(config.Data.Contract), ModelDataset.EnsureFile(Layout, config))
            .Parameter("model", Model);
        if (config.Golden is { } golden) inputs.File(Layout.Resolve(golden.Inputs)).File(Layout.Resolve(golden.Outputs));
        return inputs;
    }

    string ImportedModelFile(ModelConfig config)
    {
        if (string.IsNullOrWhiteSpace(config.Source.Onnx))
            throw new InvalidOperationException($"{ModelFile}: source.kind is import but source.onnx is empty; name the ONNX file to import (relative to the repository root)");
        var path = Layout.Resolve(config.Source.Onnx);
        if (!File.Exists(path))
            throw new FileNotFoundException($"{ModelFile}: source.onnx {config.Source.Onnx} does not exist ({path})", path);
        return path;
    }

    FeatureBatch ImportSample(ModelConfig config, DataContract contract)
    {
        var table = TableLoader.Load(ModelDataset.EnsureFile(Layout, config), contract, config.Features.AllColumns.ToArray());
        var rows = Enumerable.Range(0, Math.Min(ImportSampleRows, table.RowCount)).ToArray();
        return table.ToFeatureBatch(config.Features, rows);
    }

    GoldenData? ImportGolden(ModelConfig config, DataContract contract)
    {
        if (config.Golden is not { } golden) return null;
        var inputs = TableLoader.Load(Layout.Resolve(golden.Inputs), contract, config.Features.AllColumns.ToArray()).ToFeatureBatch(config.Features);
        var expected = File.ReadLines(Layout.Resolve(golden.Outputs)).Skip(1).Where(l => l.Trim().Length > 0)
            .Select((l, i) => float.TryParse(l.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
                : throw new InvalidDataException($"{golden.Outputs} line {i + 2}: \"{l.Trim()}\" is not a number (one expected probability per row, after a header)"))
            .ToArray();
        return new GoldenData(inputs, expected, golden.Rtol, golden.Atol);
    }
}
