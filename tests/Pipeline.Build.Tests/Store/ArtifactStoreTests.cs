using System.Text;
using Pipeline.Build.Tests.Support;

namespace Pipeline.Build.Tests.Store;

public sealed class ArtifactStoreTests : IDisposable
{
    private readonly TempRoot _root = new();

    public void Dispose() => _root.Dispose();

    private ArtifactStore NewStore() => new(Path.Combine(_root.Path, ".artifacts"));

    [Fact]
    public void PutText_SameContent_SameDigestOneBlob()
    {
        var store = NewStore();

        var a = store.PutText("hello", "text/plain");
        var b = store.PutBytes(Encoding.UTF8.GetBytes("hello"), "text/plain");

        Assert.Equal("sha256:2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", a.Digest);
        Assert.Equal(a, b);
        Assert.Single(Directory.GetFiles(store.BlobsDirectory));
        Assert.Equal("hello", store.ReadText(a));
    }

    [Fact]
    public void PutFile_RoundTripsAndResolvesByPrefix()
    {
        var store = NewStore();
        var file = _root.File("model.onnx", "not really onnx");

        var put = store.PutFile(file, "application/onnx");
        var resolved = store.Resolve(put.Hex[..8]);

        Assert.Equal(put, resolved);
        Assert.Equal(15, put.Size);
        Assert.Equal("not really onnx", File.ReadAllText(store.PathOf(put)));
        Assert.Equal(put, store.Resolve("sha256:" + put.Hex[..10]));
    }

    [Fact]
    public void Resolve_UnknownOrTooShort_ClearErrors()
    {
        var store = NewStore();
        store.PutText("x");

        Assert.Contains("No artifact", Assert.Throws<KeyNotFoundException>(() => store.Resolve("ffff0000")).Message);
        Assert.Contains("at least 4 hex characters", Assert.Throws<ArgumentException>(() => store.Resolve("ab")).Message);
    }

    [Fact]
    public async Task Put_ConcurrentWriters_EveryBlobCompleteNoTempFilesLeft()
    {
        var stores = Enumerable.Range(0, 4).Select(_ => NewStore()).ToArray();
        var payloads = Enumerable.Range(0, 16).Select(i => new string((char)('a' + i), 200_000 + i)).ToArray();

        var results = await Task.WhenAll(Enumerable.Range(0, 64).Select(i => Task.Run(() =>
        {
            var store = stores[i % stores.Length];
            var payload = payloads[i % payloads.Length];
            return i % 2 == 0 ? store.PutText(payload) : store.PutFile(_root.File($"in/{i}.txt", payload), "text/plain");
        })));

        var store = NewStore();
        Assert.Equal(16, results.Select(r => r.Digest).Distinct().Count());
        foreach (var r in results)
            Assert.Equal(payloads.Single(p => p.Length == r.Size), store.ReadText(r));
        Assert.Equal(16, Directory.GetFiles(store.BlobsDirectory).Length);
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "tmp")));
    }

    [Fact]
    public async Task ManifestWrite_ConcurrentRuns_AllReadable()
    {
        var store = NewStore();
        var manifests = new ManifestStore(store);

        await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(() => manifests.Write(new RunManifest
        {
            RunId = $"run-{i % 4}",
            StartedAt = DateTimeOffset.UnixEpoch.AddMinutes(i),
            InvokedTargets = ["T"],
            Parameters = new Dictionary<string, string?> { ["i"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            Targets = [new TargetRecord { Name = "T", Status = TargetStatus.Succeeded, Note = new string('n', 10_000) }],
            Outcome = "Succeeded",
        }))));

        var all = manifests.ReadAll().ToList();
        Assert.Equal(["run-3", "run-2", "run-1", "run-0"], all.Select(m => m.RunId));
        Assert.Empty(Directory.GetFiles(store.RunsDirectory, "*.tmp"));
    }
}
