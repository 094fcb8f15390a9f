namespace Pipeline.Core.Models;

/// <summary>Which dataset a model reads and under which contract.</summary>
public sealed record DataSection
{
    /// <summary>Contract id <c>&lt;dataset&gt;.v&lt;N&gt;</c>; the file is <c>data-contracts/&lt;id&gt;.yaml</c>.</summary>
    public string Contract { get; init; } = "";

    /// <summary>Dataset file (CSV, CSV.gz or JSONL), relative to the repository root.</summary>
    public string Path { get; init; } = "";

    /// <summary>When the file is missing, generate it with the built-in generator (name, rows, seed).</summary>
    public GeneratorSpec? Generate { get; init; }

    /// <summary>Label column: 0/1 (binary), a class index 0..K-1 (multiclass) or a number (regression).</summary>
    public string Label { get; init; } = "";

    /// <summary>Multiclass: the class names in index order (label k is <c>classes[k]</c>); K is their count.</summary>
    public List<string> Classes { get; init; } = [];

    /// <summary>Key column identifying a row (used by hash splits and sticky routing).</summary>
    public string? Key { get; init; }
}

/// <summary>How to produce a dataset deterministically when it is not on disk.</summary>
public sealed record GeneratorSpec
{
    public string Generator { get; init; } = "transactions";
    public int Rows { get; init; } = 50_000;
    public int Seed { get; init; } = 7;
}
