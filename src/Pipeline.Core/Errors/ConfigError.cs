namespace Pipeline.Core.Errors;

/// <summary>One problem in a user-edited file: where it is, which rule it breaks, and how to fix it.</summary>
public sealed record ConfigError(string File, int? Line, string Field, string Problem, string Fix)
{
    public override string ToString() =>
        $"{File}{(Line is { } l ? $":{l}" : "")} {Field}: {Problem}. Fix: {Fix}";
}

/// <summary>Raised when a configuration file has one or more errors; lists all of them.</summary>
public sealed class ConfigException(IReadOnlyList<ConfigError> errors)
    : UserInputException(string.Join(Environment.NewLine, errors.Select(e => e.ToString())))
{
    public IReadOnlyList<ConfigError> Errors { get; } = errors;
}
