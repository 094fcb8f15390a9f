using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Testing;

/// <summary>
/// Snapshot testing in Verify's shape: <c>await Snapshot.Verify(value)</c> compares the scrubbed, serialised value with
/// <c>&lt;Class&gt;.&lt;Method&gt;.verified.json</c> (<c>.txt</c> for strings) beside the test file. On mismatch it writes
/// <c>.received.*</c> and fails with a diff; accept by renaming received to verified (or run with <c>SNAPSHOT_ACCEPT=1</c>).
/// </summary>
public static class Snapshot
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>Compares now and throws on mismatch; the returned task is already complete, so awaiting is optional.</summary>
    public static Task Verify(object? value, SnapshotSettings? settings = null,
        [CallerFilePath] string sourceFile = "", [CallerMemberName] string method = "")
    {
        settings ??= SnapshotSettings.Default;
        var isText = value is string;
        var text = isText ? (string)value! : JsonSerializer.Serialize(value, Json);
        text = Scrubber.Apply(text.Replace("\r\n", "\n"), settings);
        if (!text.EndsWith('\n')) text += "\n";

        var directory = Path.GetDirectoryName(sourceFile)
                        ?? throw new ArgumentException("Snapshot.Verify needs the caller's source file path.", nameof(sourceFile));
        var name = $"{Path.GetFileNameWithoutExtension(sourceFile)}.{method}{(settings.Suffix is null ? "" : "_" + settings.Suffix)}";
        var extension = isText ? "txt" : "json";
        var verified = Path.Combine(directory, $"{name}.verified.{extension}");
        var received = Path.Combine(directory, $"{name}.received.{extension}");

        if (settings.AcceptFromEnvironment && Environment.GetEnvironmentVariable("SNAPSHOT_ACCEPT") is "1" or "true")
        {
            File.WriteAllText(verified, text);
            if (File.Exists(received)) File.Delete(received);
            return Task.CompletedTask;
        }
        if (!File.Exists(verified))
        {
            File.WriteAllText(received, text);
            throw new SnapshotMismatchException(
                $"No verified snapshot {Path.GetFileName(verified)} yet. Review {received} and rename it to {Path.GetFileName(verified)} to accept.\n{text}");
        }
        var expected = File.ReadAllText(verified).Replace("\r\n", "\n");
        if (expected == text || settings.Tolerance?.Matches(expected, text) == true)
        {
            if (File.Exists(received)) File.Delete(received);
            return Task.CompletedTask;
        }
        File.WriteAllText(received, text);
        throw new SnapshotMismatchException(
            $"Snapshot {Path.GetFileName(verified)} differs (- verified, + received). Received written to {received}; " +
            $"rename it to {Path.GetFileName(verified)} to accept.\n{LineDiff.Render(expected, text)}");
    }
}
