using System.Text.Json;

namespace Pipeline.Serving.Batching;

/// <summary>Whether the server batches, and why: forced by <c>--batching on|off</c>, or decided at load time from the model's
/// measured cost of one row alone against its cost per row inside a batch (<see cref="BatchingProbe"/>).</summary>
public sealed record BatchingDecision
{
    /// <summary><c>auto</c> (measured), <c>on</c> or <c>off</c> (forced by the option).</summary>
    public required string Mode { get; init; }
    public required bool Enabled { get; init; }
    public required string Reason { get; init; }

    /// <summary>Auto: wall time of a one-row model call, microseconds (the least of the probe's repetitions); NaN when not measured.</summary>
    public double SingleRowMicros { get; init; } = double.NaN;

    /// <summary>Auto: wall time per row of a <see cref="BatchRows"/>-row model call, microseconds; NaN when not measured.</summary>
    public double BatchedRowMicros { get; init; } = double.NaN;
    public int BatchRows { get; init; }

    /// <summary>Writes the decision as log fields (<c>batching</c>, <c>batching_mode</c>, figures when measured, <c>batching_reason</c>).</summary>
    public void WriteTo(Utf8JsonWriter w)
    {
        w.WriteBoolean("batching", Enabled);
        w.WriteString("batching_mode", Mode);
        if (!double.IsNaN(SingleRowMicros))
        {
            w.WriteNumber("batching_single_row_us", Math.Round(SingleRowMicros, 2));
            w.WriteNumber("batching_batched_row_us", Math.Round(BatchedRowMicros, 2));
            w.WriteNumber("batching_probe_rows", BatchRows);
        }
        w.WriteString("batching_reason", Reason);
    }
}
