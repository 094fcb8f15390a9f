using Pipeline.Packaging.Images;
using Pipeline.Packaging.Layers;
using Pipeline.Packaging.Oci;

namespace Pipeline.Packaging.Base;

/// <summary>
/// Assembles a minimal base from the build machine's own runtime libraries, for machines with no registry: the ldd
/// closure of the app's native files (glibc, libstdc++, libgcc_s, the loader) plus OpenSSL and CA certificates,
/// <c>/etc/passwd</c> with a non-root user, and a world-writable <c>/tmp</c>. No shell, no package manager.
/// </summary>
public sealed class OfflineBaseBuilder(LayerWriter writer)
{
    public const string CaCertificatesFile = "/etc/ssl/certs/ca-certificates.crt";

    public BaseImage Build(OfflineBaseOptions options)
    {
        var resolution = SharedLibraryResolver.Resolve(options.ElfFiles, options.AppDirectories);
        var libraries = new SortedSet<string>(resolution.Libraries, StringComparer.Ordinal);
        foreach (var soname in options.DlopenLibraries)
        {
            var found = options.LibraryDirectories.Select(d => Path.Combine(d, soname)).FirstOrDefault(File.Exists);
            if (found is not null)
                libraries.Add(found);
        }
        if (!libraries.Any(l => Path.GetFileName(l).StartsWith("ld-linux", StringComparison.Ordinal)))
            throw new InvalidOperationException(
                $"Offline base: ldd found no dynamic loader for {string.Join(", ", options.ElfFiles.Take(3))}; pass the app's native files (apphost, lib*.so) as ElfFiles.");

        var layer = new LayerContent("offline base: runtime libraries of the build machine");
        var sources = new List<string>();
        foreach (var lib in libraries)
        {
            // Store the real bytes under the name the loader asks for (symlinks like /lib64/ld-linux… are resolved).
            var real = ResolveLink(lib);
            layer.AddFile(lib, real, LayerContent.ExecutableMode);
            sources.Add(real);
        }
        if (options.IncludeCaCertificates && File.Exists(CaCertificatesFile))
        {
            layer.AddFile(CaCertificatesFile, ResolveLink(CaCertificatesFile), LayerContent.FileMode);
            sources.Add(ResolveLink(CaCertificatesFile));
        }
        var uid = options.Uid;
        layer.AddText("etc/passwd", $"root:x:0:0:root:/root:/sbin/nologin\n{options.UserName}:x:{uid}:{uid}:{options.UserName}:/home/{options.UserName}:/sbin/nologin\n");
        layer.AddText("etc/group", $"root:x:0:\n{options.UserName}:x:{uid}:\n");
        layer.AddText("etc/nsswitch.conf", "passwd: files\ngroup: files\nhosts: files dns\n");
        layer.AddDirectory("tmp", (UnixFileMode)0b1_111_111_111); // 1777
        layer.AddDirectory($"home/{options.UserName}", LayerContent.DirectoryMode, uid, uid);

        // The base's timestamp is the newest library's, not the commit's: the base changes when the machine's
        // libraries change, so releases share one base layer.
        var mtime = DateTimeOffset.FromUnixTimeSeconds(sources.Max(s => new DateTimeOffset(File.GetLastWriteTimeUtc(s)).ToUnixTimeSeconds()));
        var blob = writer.Write(layer, new LayerWriteOptions { ModificationTime = mtime });
        return new BaseImage
        {
            Reference = $"offline:{OsName()}@{blob.DiffId}",
            Layers = [blob],
            Config = new ContainerConfig
            {
                Env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", $"SSL_CERT_FILE={CaCertificatesFile}"],
            },
            History = [new HistoryEntry { Created = mtime.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ"), CreatedBy = blob.Description }],
        };
    }

    private static string ResolveLink(string path) =>
        new FileInfo(path).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(path);

    private static string OsName()
    {
        const string file = "/etc/os-release";
        if (!File.Exists(file))
            return "linux";
        var values = File.ReadAllLines(file).Select(l => l.Split('=', 2)).Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim('"'));
        return $"{values.GetValueOrDefault("ID", "linux")}-{values.GetValueOrDefault("VERSION_ID", "")}".TrimEnd('-');
    }
}
