namespace Pipeline.Core.Verdicts;

/// <summary>Result of one check inside a gate verdict.</summary>
public enum CheckOutcome
{
    Pass,
    Warn,
    Fail,
    /// <summary>Reported for information only (e.g. a segment below minimum support).</summary>
    Info,
}
