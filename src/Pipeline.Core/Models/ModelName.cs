namespace Pipeline.Core.Models;

/// <summary>The rule for a model's name: a folder under <c>models/</c>, never a path, and safe in container and file names.</summary>
public static class ModelName
{
    /// <summary>Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, at most 63 characters, no "..".</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= 63 } && char.IsAsciiLetterLower(name[0]) | char.IsAsciiDigit(name[0]) && !name.Contains("..", StringComparison.Ordinal) &&
        name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '_' or '-');
}
