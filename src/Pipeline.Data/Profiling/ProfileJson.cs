using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Data.Profiling;

/// <summary>Reads and writes profiles (and reports) as indented camelCase JSON with enum names.</summary>
public static class ProfileJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static string Serialize(DatasetProfile profile) => JsonSerializer.Serialize(profile, Options);

    public static DatasetProfile Deserialize(string json) =>
        JsonSerializer.Deserialize<DatasetProfile>(json, Options) ?? throw new InvalidDataException("profile JSON is empty");

    public static void Write(string path, DatasetProfile profile) => File.WriteAllText(path, Serialize(profile));

    public static DatasetProfile Read(string path)
    {
        try
        {
            return Deserialize(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not a dataset profile ({e.Message}); pass a profile.json written by ValidateData", e);
        }
    }
}
