using Pipeline.Core.Monitoring;
using System.Globalization;
using System.Text.Json;

namespace Pipeline.Serving.Monitoring;

public sealed partial class PredictionLog
{
    private int _fileNumber;
    private int _writing;

    /// <summary>This server's files: <c>predictions-&lt;version&gt;-&lt;variant&gt;-&lt;n&gt;.jsonl</c>.</summary>
    private string FileName(int n) => Path.Combine(_options.Directory,
        $"{LogJson.PredictionPrefix}{Safe(_model.Version)}-{Safe(_model.Variant)}-{n.ToString("D6", CultureInfo.InvariantCulture)}.jsonl");

    internal static string Safe(string s) => string.Concat(s.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' ? c : '_'));

    private IEnumerable<(int Number, string Path)> OwnFiles()
    {
        var prefix = $"{LogJson.PredictionPrefix}{Safe(_model.Version)}-{Safe(_model.Variant)}-";
        return System.IO.Directory.EnumerateFiles(_options.Directory, prefix + "*.jsonl")
            .Select(p => (Path: p, Name: Path.GetFileNameWithoutExtension(p)))
            .Select(x => (Ok: int.TryParse(x.Name.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n), n, x.Path))
            .Where(x => x.Ok).Select(x => (x.n, x.Path)).OrderBy(x => x.n);
    }

    /// <summary>Rebuilds the id index from every retained file of this version (any variant: a promoted canary keeps its rows),
    /// so feedback for rows answered before a restart is still accepted. Returns this server's highest file number.</summary>
    private int LoadIndex()
    {
        var versionPrefix = $"{LogJson.PredictionPrefix}{Safe(_model.Version)}-";
        foreach (var path in System.IO.Directory.EnumerateFiles(_options.Directory, versionPrefix + "*.jsonl"))
            foreach (var r in LogLines.ReadPredictions(path))
                _index[r.Id] = new Logged(r.Time, r.Version, r.Variant, r.Score);
        return OwnFiles().Select(f => f.Number).DefaultIfEmpty(0).Max();
    }

    private async Task WriteLoopAsync()
    {
        FileStream? file = null;
        var line = new MemoryStream();
        try
        {
            while (await _pending.Reader.WaitToReadAsync().ConfigureAwait(false))
            {
                Volatile.Write(ref _writing, 1);
                while (_pending.Reader.TryRead(out var record))
                {
                    file ??= Open();
                    line.SetLength(0);
                    using (var w = new Utf8JsonWriter(line)) LogLines.Write(w, record);
                    line.WriteByte((byte)'\n');
                    file.Write(line.GetBuffer(), 0, (int)line.Length);
                    if (file.Length >= _options.RotateBytes)
                    {
                        file.Dispose();
                        file = null;
                        Rotate();
                    }
                }
                file?.Flush();
                Volatile.Write(ref _writing, 0);
            }
        }
        finally
        {
            file?.Dispose();
        }
    }

    private FileStream Open() => new(FileName(Volatile.Read(ref _fileNumber)), FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete);

    /// <summary>Starts the next file and deletes this server's oldest beyond the bound, forgetting their ids.</summary>
    private void Rotate()
    {
        Interlocked.Increment(ref _fileNumber);
        var own = OwnFiles().ToList();
        foreach (var (_, path) in own.Take(Math.Max(0, own.Count - _options.MaxFiles + 1)))
        {
            foreach (var r in LogLines.ReadPredictions(path)) _index.TryRemove(r.Id, out _);
            File.Delete(path);
        }
    }
}
