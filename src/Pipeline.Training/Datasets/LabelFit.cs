using System.Globalization;
using Pipeline.Core.Models;
using Pipeline.Data.Contracts;

namespace Pipeline.Training.Datasets;

/// <summary>Checks that the contract's label column fits the model's task: 0/1 for binary, the class indices for multiclass, a number for regression.</summary>
public static class LabelFit
{
    public static void Check(DataContract contract, ModelConfig config)
    {
        var column = contract.Columns.FirstOrDefault(c => c.Name == config.Data.Label)
            ?? throw new InvalidDataException($"contract {contract.Name}.v{contract.Version} has no column {config.Data.Label} (data.label of model {config.Name}); add it with label: true");
        var where = $"contract {contract.Name}.v{contract.Version} column {column.Name} (label of model {config.Name}, task: {config.Task.Name()})";
        switch (config.Task)
        {
            case ModelTask.Binary when column.Type is ColumnType.Int or ColumnType.Bool or ColumnType.Float:
                if (column.Allowed is { } a && a.Any(v => v is not ("0" or "1" or "true" or "false")))
                    throw new InvalidDataException($"{where}: allowed [{string.Join(", ", a)}] is not a 0/1 label; use allowed: [0, 1], or task: multiclass with data.classes");
                return;
            case ModelTask.Multiclass when column.Type == ColumnType.Int:
                var k = config.Data.Classes.Count;
                var expected = Enumerable.Range(0, k).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
                if (column.Allowed is not { } allowed || !allowed.Order(StringComparer.Ordinal).SequenceEqual(expected.Order(StringComparer.Ordinal)))
                    throw new InvalidDataException($"{where}: allowed [{string.Join(", ", column.Allowed ?? [])}] must be the class indices [{string.Join(", ", expected)}] of the {k} data.classes; fix the contract's allowed list or data.classes");
                return;
            case ModelTask.Regression when column.Type is ColumnType.Float or ColumnType.Int:
                if (column.Allowed is not null)
                    throw new InvalidDataException($"{where}: a regression label is a number, but the column has an allowed list; remove allowed (use min/max) or set task: multiclass");
                return;
            default:
                throw new InvalidDataException($"{where}: type {column.Type.ToString().ToLowerInvariant()} does not fit the task; " +
                    (config.Task switch { ModelTask.Multiclass => "use type: int with allowed: [0, 1, …, K-1]", ModelTask.Regression => "use type: float", _ => "use type: int with allowed: [0, 1]" }));
        }
    }
}
