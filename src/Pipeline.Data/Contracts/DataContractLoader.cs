using Pipeline.Core.Errors;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Pipeline.Data.Contracts;

/// <summary>Reads <c>data-contracts/&lt;name&gt;.v&lt;N&gt;.yaml</c> and reports every error with file, line, field and fix.</summary>
public static partial class DataContractLoader
{
    /// <summary>Loads and validates a contract file; throws <see cref="ConfigException"/> listing all problems.</summary>
    public static DataContract Load(string file)
    {
        if (!System.IO.File.Exists(file))
            throw new ConfigException([new ConfigError(file, null, "contract", "file does not exist",
                "create it (see data-contracts/transactions.v1.yaml) or fix data.contract in model.yaml")]);
        return Parse(System.IO.File.ReadAllText(file), file);
    }

    /// <summary>Parses contract YAML text; <paramref name="file"/> names it in messages.</summary>
    public static DataContract Parse(string yaml, string file)
    {
        var errors = new List<ConfigError>();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigException([new ConfigError(file, (int)e.Start.Line, "yaml", (e.InnerException?.Message ?? e.Message).Trim(),
                "fix the YAML syntax (indentation, quotes, colons) at that line")]);
        }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new ConfigException([new ConfigError(file, 1, "contract", "the file is empty or not a mapping",
                "start with 'name: <dataset>', 'version: 1' and a 'columns:' list")]);

        var top = new YamlMap(root, "", file, errors);
        var name = top.String("name", required: true, fix: "add 'name: <dataset>' (e.g. transactions)") ?? "";
        var version = top.Number("version", 1, 10_000);
        if (version is null && top.Node("version") is null)
            top.Error(null, "version", "is missing", "add 'version: 1'");
        var fileStem = System.IO.Path.GetFileNameWithoutExtension(file);
        if (name.Length > 0 && version is { } v && file.EndsWith(".yaml", StringComparison.Ordinal) && fileStem != $"{name}.v{(int)v}")
            top.Error(top.Node("name"), "name", $"file is named {fileStem}.yaml but declares {name}.v{(int)v}",
                $"rename the file to {name}.v{(int)v}.yaml or fix name/version");
        var description = top.String("description");
        var format = ParseFormat(top);
        var columns = ParseColumns(top);
        var dataset = ParseDataset(top, columns);
        var drift = ParseDrift(top, columns);
        top.RejectUnknown("$schema");

        if (errors.Count > 0) throw new ConfigException(errors);
        return new DataContract
        {
            Name = name,
            Version = (int)(version ?? 1),
            Description = description,
            File = file,
            Format = format,
            Columns = columns,
            Dataset = dataset,
            Drift = drift,
        };
    }

    private static DataFormat ParseFormat(YamlMap top)
    {
        var text = top.String("format");
        switch (text)
        {
            case null or "auto": return DataFormat.Auto;
            case "csv": return DataFormat.Csv;
            case "jsonl" or "ndjson": return DataFormat.JsonLines;
            default:
                top.Error(top.Node("format"), "format", $"'{text}' is not a format", "use csv, jsonl or auto");
                return DataFormat.Auto;
        }
    }
}
