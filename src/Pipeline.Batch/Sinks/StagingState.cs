using System.Text.Json;

namespace Pipeline.Batch.Sinks;

/// <summary>Checkpoint of a file output being staged: which batch, how many rows and how many bytes of the staging file are complete, and
/// the sink's staging format (0 in checkpoints written before it was recorded).</summary>
internal sealed record StagingState(string Fingerprint, long Rows, long Length, int Format = 0)
{
    public static StagingState? Read(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<StagingState>(File.ReadAllText(path));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Written to a temporary file and renamed, so a kill leaves the old or the new checkpoint, never half of one.</summary>
    public void Write(string path)
    {
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write))
        {
            JsonSerializer.Serialize(file, this);
            file.Flush(flushToDisk: true);
        }
        File.Move(temp, path, overwrite: true);
    }
}
