using Pipeline.Core.Errors;
using Pipeline.Core.Layout;
using Pipeline.Core.Models;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Pipeline.Serving.Model;

/// <summary>Finds the ONNX file (a path, or an artifact digest in the store) and the feature mapping (model.yaml) the server needs.</summary>
public static class ModelSource
{
    /// <summary>Resolves <c>sha256:&lt;hex&gt;</c> to <c>&lt;artifacts&gt;/blobs/sha256/&lt;hex&gt;</c>; any other value is a file path.</summary>
    public static string ResolveModelFile(string model, string? artifactsDirectory)
    {
        if (model.StartsWith("sha256:", StringComparison.Ordinal))
        {
            var root = artifactsDirectory
                ?? (Environment.GetEnvironmentVariable("PIPELINE_ARTIFACTS") is { Length: > 0 } env ? env : Path.Combine(Environment.CurrentDirectory, ".artifacts"));
            var hex = model["sha256:".Length..];
            var path = Path.Combine(root, "blobs", "sha256", hex);
            if (!File.Exists(path))
                throw new FileNotFoundException($"--model {model}: no blob {path} in the artifact store {root}; pass --artifacts <dir> or the ONNX file path", path);
            return path;
        }
        var full = Path.GetFullPath(model);
        if (!File.Exists(full)) throw new FileNotFoundException($"--model {model}: file {full} does not exist; pass the ONNX file the Train or Import target wrote", full);
        return full;
    }

    /// <summary>Reads model.yaml. Inside a repository it goes through the full validating loader; elsewhere (an image without the
    /// data contracts) it reads the same file without the repository checks, since serving needs only the name and the mapping.</summary>
    public static ModelConfig LoadConfig(string configFile)
    {
        var full = Path.GetFullPath(configFile);
        if (!File.Exists(full)) throw new FileNotFoundException($"--config {configFile}: file {full} does not exist; pass models/<model>/model.yaml", full);
        var folder = Path.GetDirectoryName(full)!;
        var modelName = Path.GetFileName(folder);
        RepositoryLayout? layout = null;
        try { layout = RepositoryLayout.Find(folder); }
        catch (InvalidOperationException) { }
        if (layout is not null && File.Exists(layout.ModelFile(modelName)) && Path.GetFullPath(layout.ModelFile(modelName)) == full)
            return ModelConfigLoader.Parse(File.ReadAllText(full), full, modelName, layout);

        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).IgnoreUnmatchedProperties().Build();
        ModelConfig config;
        try { config = deserializer.Deserialize<ModelConfig>(File.ReadAllText(full)) ?? new ModelConfig(); }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new ConfigException([new ConfigError(full, (int)e.Start.Line, "yaml", e.InnerException?.Message ?? e.Message, "fix the YAML syntax")]);
        }
        if (!config.Features.AllColumns.Any())
            throw new ConfigException([new ConfigError(full, null, "features", "no numeric or categorical feature columns", "list the columns the model reads")]);
        return ModelConfigLoader.WithTaskInFeatures(config with { Name = config.Name is { Length: > 0 } ? config.Name : modelName, Directory = folder });
    }
}
