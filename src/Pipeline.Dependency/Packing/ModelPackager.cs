using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Pipeline.Dependency.Generation;

namespace Pipeline.Dependency.Packing;

/// <summary>
/// Packages an accepted model as a NuGet dependency: the ONNX file (embedded in the predictor assembly and beside it under model/),
/// model.yaml, the data contract, metadata.json, and a typed predictor compiled for net10.0 on Microsoft.ML.OnnxRuntime.
/// </summary>
public static class ModelPackager
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static ModelPackageResult Write(ModelPackageRequest request)
    {
        var source = request.Source;
        var spec = PredictorSpecBuilder.Build(source);
        var version = PackageVersions.From(source.Version, request.VersionNumber);
        var id = spec.Namespace;
        var code = PredictorCode.Generate(spec, version);
        var compiled = PredictorCompiler.Compile(id, code, source.OnnxFile, spec.ResourceName);
        var ort = PredictorCompiler.OnnxRuntimeVersion();
        var description = $"{source.Config.Description.Trim()} {request.Lineage.Describe(spec.Model, spec.Version, spec.ModelDigest, spec.Contract)}".Trim();
        var tfm = PredictorCompiler.TargetFramework;
        var files = new List<(string, byte[])>
        {
            ($"lib/{tfm}/{id}.dll", compiled.Assembly),
            ($"lib/{tfm}/{id}.xml", compiled.Documentation),
            ("model/model.onnx", File.ReadAllBytes(source.OnnxFile)),
            ("model/model.yaml", File.ReadAllBytes(request.ModelConfigFile)),
            ($"model/{Path.GetFileName(request.ContractFile)}", File.ReadAllBytes(request.ContractFile)),
            ("model/metadata.json", JsonSerializer.SerializeToUtf8Bytes(Metadata(spec, id, version, ort, request), Json)),
            ("src/" + id + ".g.cs", Encoding.UTF8.GetBytes(code)),
            ("README.md", Encoding.UTF8.GetBytes(Readme(spec, id, version, description))),
        };
        Directory.CreateDirectory(request.OutputDirectory);
        var path = Path.Combine(request.OutputDirectory, $"{id}.{version}.nupkg");
        NuGetPackageWriter.Write(path, new NuGetPackageWriter.Manifest
        {
            Id = id, Version = version, Authors = request.Authors, Description = description, Title = $"{spec.Model} {spec.Version}",
            Tags = $"onnx model pipeline {spec.Model} {spec.Task.ToString().ToLowerInvariant()}", Readme = "README.md",
            RepositoryCommit = request.Lineage.Commit is { Length: > 0 } c && c != "unknown" ? c : null,
            Dependencies = [("Microsoft.ML.OnnxRuntime", ort)], TargetFramework = tfm,
        }, files);
        var bytes = File.ReadAllBytes(path);
        return new ModelPackageResult
        {
            Path = path, Id = id, Version = version, Size = bytes.Length, Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes)), Source = code,
        };
    }

    private static object Metadata(PredictorSpec spec, string id, string version, string ort, ModelPackageRequest request) => new
    {
        package = new { id, version },
        model = spec.Model,
        registryVersion = spec.Version,
        modelDigest = spec.ModelDigest,
        task = spec.Task.ToString().ToLowerInvariant(),
        contract = spec.Contract,
        classes = spec.ClassNames,
        threshold = spec.Task == Core.Models.ModelTask.Binary ? spec.Threshold : (double?)null,
        features = spec.Features.Select(f => new { column = f.Column, property = f.Property, type = f.ClrType, nullable = f.Nullable, categorical = f.Categorical }),
        inputs = spec.Inputs.Select(i => new { name = i.Name, elementType = i.ElementType, rank = i.Rank, columns = i.Features.Select(f => spec.Features[f].Column) }),
        output = spec.OutputName,
        onnxRuntime = ort,
        lineage = request.Lineage,
    };

    private static string Readme(PredictorSpec spec, string id, string version, string description)
    {
        var p = spec.TypePrefix;
        var first = spec.Features.Count > 0 ? $"{spec.Features[0].Property} = …, " : "";
        var fields = spec.Task switch
        {
            Core.Models.ModelTask.Multiclass => new[] { "ClassName", "Probabilities[0]" },
            Core.Models.ModelTask.Regression => ["Value"],
            _ => ["Probability", "IsPositive"],
        };
        var printed = string.Join(" ", fields.Select(f => "{prediction." + f + "}"));
        return $$"""
            # {{id}} {{version}}

            {{description}}

            ```bash
            dotnet add package {{id}} --version {{version}} --source <folder with the .nupkg>
            ```

            ```csharp
            using {{spec.Namespace}};

            using var model = new {{p}}Model();
            var prediction = model.Predict(new {{p}}Row { {{first}}… });
            Console.WriteLine($"{{printed}}");
            // Many rows in one ONNX Runtime run: model.PredictBatch(rows)
            ```

            `model/` holds the ONNX file ({{spec.ModelDigest}}), model.yaml, the data contract {{spec.Contract}} and metadata.json (features,
            inputs, lineage); `src/` the generated predictor's source.

            """;
    }
}
