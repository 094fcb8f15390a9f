namespace Pipeline.Dependency.Generation;

/// <summary>One feature column as a property of the generated row record: its C# type and how the server turns its value into a model input.</summary>
public sealed record PredictorFeature
{
    /// <summary>Contract column name (the JSON name of the property).</summary>
    public required string Column { get; init; }

    /// <summary>C# property name (Pascal case of the column).</summary>
    public required string Property { get; init; }

    /// <summary>C# type without nullability: float, int, bool, long or string.</summary>
    public required string ClrType { get; init; }

    /// <summary>The contract allows null (a value type becomes nullable; null is sent as NaN or "").</summary>
    public required bool Nullable { get; init; }

    /// <summary>Sent as a string (categorical) rather than a number.</summary>
    public required bool Categorical { get; init; }

    /// <summary>One line for the XML doc: contract type, range, allowed values, description.</summary>
    public required string Summary { get; init; }
}
