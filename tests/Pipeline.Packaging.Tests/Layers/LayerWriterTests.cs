using System.Formats.Tar;
using System.IO.Compression;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Tests.Support;

namespace Pipeline.Packaging.Tests.Layers;

public sealed class LayerWriterTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    private LayerContent Content()
    {
        var source = _temp.Subdirectory("src");
        File.WriteAllText(Path.Combine(source, "b.txt"), "bee");
        Directory.CreateDirectory(Path.Combine(source, "sub"));
        File.WriteAllText(Path.Combine(source, "sub", "a.txt"), "ay");
        File.WriteAllText(Path.Combine(source, "run"), "#!/bin/sh\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(Path.Combine(source, "run"), (UnixFileMode)0b111_000_000);
        File.SetLastWriteTimeUtc(Path.Combine(source, "b.txt"), DateTime.UtcNow.AddDays(-3));
        return new LayerContent("test").AddDirectoryTree(source, "app").AddText("etc/motd", "hi").AddSymlink("app/link", "b.txt");
    }

    [Fact]
    public void Write_SameContentTwiceWithoutCache_GivesSameDigests()
    {
        var options = new LayerWriteOptions { ModificationTime = TestImages.CommitTime, Uid = 0, Gid = 0 };
        var first = new LayerWriter(_temp.Subdirectory("cache1")).Write(Content(), options);
        var second = new LayerWriter(_temp.Subdirectory("cache2")).Write(Content(), options);

        Assert.Equal(first.DiffId, second.DiffId);
        Assert.Equal(first.Descriptor.Digest, second.Descriptor.Digest);
        Assert.Equal(File.ReadAllBytes(first.Path), File.ReadAllBytes(second.Path));
    }

    [Fact]
    public void Write_DifferentModificationTime_ChangesDigest()
    {
        var writer = new LayerWriter(_temp.Subdirectory("cache"));
        var a = writer.Write(Content(), new LayerWriteOptions { ModificationTime = TestImages.CommitTime });
        var b = writer.Write(Content(), new LayerWriteOptions { ModificationTime = TestImages.CommitTime.AddSeconds(1) });
        Assert.NotEqual(a.DiffId, b.DiffId);
    }

    [Fact]
    public void Write_Tar_HasSortedEntriesFixedOwnerModesAndMtime()
    {
        var blob = new LayerWriter(_temp.Subdirectory("cache")).Write(Content(), new LayerWriteOptions { ModificationTime = TestImages.CommitTime, Uid = 7, Gid = 8 });

        var bytes = File.ReadAllBytes(blob.Path);
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, bytes[4..8]); // gzip header mtime 0
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var tar = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (tar.GetNextEntry() is { } e)
            entries.Add(e);

        var names = entries.Select(e => e.Name.TrimEnd('/')).ToList();
        Assert.Equal(names.Order(StringComparer.Ordinal), names);
        Assert.Equal(["app", "app/b.txt", "app/link", "app/run", "app/sub", "app/sub/a.txt", "etc", "etc/motd"], names);
        Assert.All(entries, e => Assert.Equal(TestImages.CommitTime, e.ModificationTime));
        Assert.All(entries, e => Assert.Equal((7, 8), (e.Uid, e.Gid)));
        Assert.Equal((UnixFileMode)0b111_101_101, entries.Single(e => e.Name == "app/run").Mode);
        Assert.Equal((UnixFileMode)0b110_100_100, entries.Single(e => e.Name == "app/b.txt").Mode);
        Assert.Equal("b.txt", entries.Single(e => e.Name == "app/link").LinkName);
    }

    [Fact]
    public void Write_CachedLayer_ReusesFileAndDigest()
    {
        var writer = new LayerWriter(_temp.Subdirectory("cache"));
        var options = new LayerWriteOptions { ModificationTime = TestImages.CommitTime };
        var first = writer.Write(Content(), options);
        var written = File.GetLastWriteTimeUtc(first.Path);
        var second = writer.Write(Content(), options);
        Assert.Equal(first, second);
        Assert.Equal(written, File.GetLastWriteTimeUtc(second.Path));
    }

    public void Dispose() => _temp.Dispose();
}
