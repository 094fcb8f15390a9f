using System.Text.Json;

namespace Pipeline.Build;

/// <summary>Reads and writes run manifests under <c>&lt;store&gt;/runs/</c>.</summary>
public sealed class ManifestStore(ArtifactStore store, SecretMasker? masker = null)
{
    private readonly Dictionary<string, (DateTime Written, RunManifest? Manifest)> _cache = [];

    public string Directory => store.RunsDirectory;

    public string PathOf(string runId) => Path.Combine(store.RunsDirectory, runId + ".json");

    /// <summary>Writes the manifest atomically, masking secrets in every string.</summary>
    public void Write(RunManifest manifest)
    {
        var json = JsonSerializer.Serialize(manifest, StoreJson.Options);
        AtomicFile.WriteAllText(PathOf(manifest.RunId), masker?.Apply(json) ?? json);
    }

    public RunManifest? Read(string runId)
    {
        var path = PathOf(runId);
        return File.Exists(path) ? Parse(path) : null;
    }

    /// <summary>All readable manifests, newest first.</summary>
    public IEnumerable<RunManifest> ReadAll()
    {
        if (!System.IO.Directory.Exists(store.RunsDirectory)) yield break;
        var files = new DirectoryInfo(store.RunsDirectory).GetFiles("*.json")
            .OrderByDescending(f => f.Name, StringComparer.Ordinal);
        foreach (var file in files)
        {
            var manifest = Parse(file.FullName);
            if (manifest is not null) yield return manifest;
        }
    }

    private RunManifest? Parse(string path)
    {
        // Cache by write time: a run looks up earlier manifests once per cacheable target.
        var written = File.GetLastWriteTimeUtc(path);
        lock (_cache)
        {
            if (_cache.TryGetValue(path, out var cached) && cached.Written == written) return cached.Manifest;
        }
        try
        {
            var manifest = JsonSerializer.Deserialize<RunManifest>(File.ReadAllText(path), StoreJson.Options);
            lock (_cache) _cache[path] = (written, manifest);
            return manifest;
        }
        catch (JsonException)
        {
            // A manifest from an older engine version or a hand-edited file must not break the current run.
            return null;
        }
    }
}
