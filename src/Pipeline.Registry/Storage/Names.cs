using System.Text.Json;
using System.Text.RegularExpressions;

namespace Pipeline.Registry.Storage;

/// <summary>Argument rules shared by every registry call; a broken argument is a caller bug, so it throws.</summary>
internal static partial class Names
{
    [GeneratedRegex("^[a-z0-9][a-z0-9._-]{0,127}$")]
    private static partial Regex ModelPattern();

    [GeneratedRegex("^[a-z][a-z0-9-]{0,63}$")]
    private static partial Regex KebabPattern();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._+-]{0,127}$")]
    private static partial Regex VersionPattern();

    public static string Model(string model) => Check(model, ModelPattern(), "model", "a models/ folder name: lower-case letters, digits, '.', '_' or '-'");

    public static string Alias(string alias) => Check(alias, KebabPattern(), "alias", "lower-case kebab-case, e.g. production");

    public static string Action(string action) => Check(action, KebabPattern(), "action", "lower-case kebab-case, e.g. promote");

    public static string Version(string version) => Check(version, VersionPattern(), "version", "letters, digits, '.', '_', '+' or '-', e.g. v3");

    public static string Required(string? value, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"The {what} must not be empty.", what) : value;

    public static string Json(string json, string what)
    {
        try
        {
            using var _ = JsonDocument.Parse(json);
            return json;
        }
        catch (JsonException e)
        {
            throw new ArgumentException($"The {what} is not valid JSON ({e.Message}): {Truncate(json)}", what, e);
        }
    }

    private static string Check(string value, Regex pattern, string what, string rule) =>
        value is not null && pattern.IsMatch(value)
            ? value
            : throw new ArgumentException($"The {what} \"{value}\" is not valid: it must be {rule}.", what);

    private static string Truncate(string s) => s.Length <= 80 ? s : s[..80] + "…";
}
