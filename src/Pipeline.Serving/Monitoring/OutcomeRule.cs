using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Models;

namespace Pipeline.Serving.Monitoring;

/// <summary>
/// What a true outcome is for the served model's task: 0/1 or false/true (binary), a class index 0..K−1 or a class name from
/// <c>data.classes</c> (multiclass, kept as the index), a finite number (regression).
/// </summary>
public sealed record OutcomeRule(ModelTask Task, IReadOnlyList<string> Classes)
{
    public static OutcomeRule Binary { get; } = new(ModelTask.Binary, []);

    public static OutcomeRule For(Pipeline.Serving.Model.ServedModel model) => new(model.Task, model.Classes);

    /// <summary>What to send, for error messages.</summary>
    public string Expected => Task switch
    {
        ModelTask.Multiclass when Classes.Count > 0 =>
            $"a class index 0..{Classes.Count - 1} or a class name ({string.Join(", ", Classes.Take(4))}{(Classes.Count > 4 ? ", …" : "")})",
        ModelTask.Multiclass => "a class index (0, 1, 2, …)",
        ModelTask.Regression => "the true value as a finite number",
        _ => "0 or 1 (or false/true)",
    };

    /// <summary>The outcome as a number (a class index for multiclass), or null when <paramref name="label"/> is not one for this task.</summary>
    public double? Parse(JsonElement label)
    {
        switch (Task)
        {
            case ModelTask.Regression:
                return label.ValueKind == JsonValueKind.Number && label.TryGetDouble(out var v) && double.IsFinite(v) ? v : null;
            case ModelTask.Multiclass:
                if (label.ValueKind == JsonValueKind.Number && label.TryGetInt32(out var k) && k >= 0 && (Classes.Count == 0 || k < Classes.Count)) return k;
                if (label.ValueKind == JsonValueKind.String)
                {
                    var text = label.GetString()!;
                    for (var i = 0; i < Classes.Count; i++)
                        if (string.Equals(Classes[i], text, StringComparison.Ordinal)) return i;
                    if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && (Classes.Count == 0 || n < Classes.Count)) return n;
                }
                return null;
            default:
                return label.ValueKind switch
                {
                    JsonValueKind.True => 1,
                    JsonValueKind.False => 0,
                    JsonValueKind.Number when label.TryGetInt32(out var n) && n is 0 or 1 => n,
                    _ => null,
                };
        }
    }
}
