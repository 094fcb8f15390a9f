namespace Pipeline.Packaging.Layers;

/// <summary>The entries of one layer, keyed by path; parents are added implicitly so the tar is complete.</summary>
public sealed class LayerContent
{
    public const UnixFileMode DirectoryMode = (UnixFileMode)0b111_101_101; // 0755
    public const UnixFileMode ExecutableMode = (UnixFileMode)0b111_101_101; // 0755
    public const UnixFileMode FileMode = (UnixFileMode)0b110_100_100; // 0644

    private readonly SortedDictionary<string, LayerEntry> _entries = new(StringComparer.Ordinal);

    /// <summary>Short description recorded in the image history, e.g. <c>model fraud-detector 3</c>.</summary>
    public string Description { get; }

    public LayerContent(string description) => Description = description;

    /// <summary>Entries in ordinal path order, which is the tar order.</summary>
    public IReadOnlyCollection<LayerEntry> Entries => _entries.Values;

    public LayerContent AddDirectory(string path, UnixFileMode mode = DirectoryMode, int? uid = null, int? gid = null)
    {
        var p = Normalize(path);
        AddParents(p);
        _entries[p] = new LayerEntry { Path = p, Kind = LayerEntryKind.Directory, Mode = mode, Uid = uid, Gid = gid };
        return this;
    }

    public LayerContent AddFile(string path, string sourceFile, UnixFileMode? mode = null)
    {
        var p = Normalize(path);
        if (!File.Exists(sourceFile))
            throw new FileNotFoundException($"Layer '{Description}': source file for /{p} does not exist: {sourceFile}", sourceFile);
        AddParents(p);
        _entries[p] = new LayerEntry { Path = p, Kind = LayerEntryKind.File, Mode = mode ?? ModeOf(sourceFile), SourceFile = sourceFile };
        return this;
    }

    public LayerContent AddBytes(string path, byte[] content, UnixFileMode mode = FileMode)
    {
        var p = Normalize(path);
        AddParents(p);
        _entries[p] = new LayerEntry { Path = p, Kind = LayerEntryKind.File, Mode = mode, Content = content };
        return this;
    }

    public LayerContent AddText(string path, string text, UnixFileMode mode = FileMode) =>
        AddBytes(path, System.Text.Encoding.UTF8.GetBytes(text), mode);

    public LayerContent AddSymlink(string path, string target)
    {
        var p = Normalize(path);
        AddParents(p);
        _entries[p] = new LayerEntry
        {
            Path = p, Kind = LayerEntryKind.Symlink, Mode = (UnixFileMode)0b111_111_111, LinkTarget = target,
        };
        return this;
    }

    /// <summary>Adds every file under <paramref name="sourceDirectory"/> below <paramref name="targetDirectory"/>.</summary>
    public LayerContent AddDirectoryTree(string sourceDirectory, string targetDirectory)
    {
        if (!Directory.Exists(sourceDirectory))
            throw new DirectoryNotFoundException($"Layer '{Description}': source folder does not exist: {sourceDirectory}");
        AddDirectory(targetDirectory);
        foreach (var file in Directory.EnumerateFiles(sourceDirectory, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(sourceDirectory, file).Replace('\\', '/');
            AddFile(targetDirectory.TrimEnd('/') + "/" + relative, file);
        }
        return this;
    }

    // Only the executable bits are taken from the build machine; everything else is fixed so umask and checkout
    // state cannot change the digest.
    private static UnixFileMode ModeOf(string file) =>
        OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) == 0 ? FileMode : ExecutableMode;

    private void AddParents(string path)
    {
        for (var slash = path.IndexOf('/'); slash > 0; slash = path.IndexOf('/', slash + 1))
        {
            var parent = path[..slash];
            if (!_entries.ContainsKey(parent))
                _entries[parent] = new LayerEntry { Path = parent, Kind = LayerEntryKind.Directory, Mode = DirectoryMode };
        }
    }

    private static string Normalize(string path)
    {
        var p = path.Replace('\\', '/').Trim('/');
        if (p.Length == 0 || p.Split('/').Any(s => s is "" or "." or ".."))
            throw new ArgumentException($"'{path}' is not a valid path inside an image (no empty, '.' or '..' segments)", nameof(path));
        return p;
    }
}
