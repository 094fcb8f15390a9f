namespace Pipeline.Batch.Sinks;

/// <summary>
/// A file output staged beside the target as <c>&lt;output&gt;.partial</c> with a checkpoint <c>&lt;output&gt;.partial.json</c>;
/// a resumed run cuts the staging file back to the last checkpoint, and the commit renames it over the output in one step.
/// </summary>
internal abstract class StagedFileSink(string path) : IBatchSink
{
    protected string OutputPath { get; } = Path.GetFullPath(path);
    protected string StagingPath => OutputPath + ".partial";
    private string StatePath => StagingPath + ".json";
    protected BatchIdentity Batch { get; private set; } = null!;
    private StagingState _state = new("", 0, 0);

    public async Task<long> BeginAsync(BatchIdentity batch, CancellationToken ct)
    {
        Batch = batch;
        Directory.CreateDirectory(Path.GetDirectoryName(OutputPath)!);
        var state = StagingState.Read(StatePath);
        // A checkpoint of another staging format (a run killed under an older build whose file layout differs) is not resumed:
        // appending to it would fail or mix layouts, so the batch starts over.
        if (state is not null && state.Fingerprint == batch.Fingerprint && state.Format == StagingFormat && File.Exists(StagingPath) && new FileInfo(StagingPath).Length >= state.Length)
        {
            using (var file = new FileStream(StagingPath, FileMode.Open, FileAccess.Write)) file.SetLength(state.Length);
            _state = state;
            return state.Rows;
        }
        File.Delete(StagingPath);
        File.Delete(StatePath);
        _state = new StagingState(batch.Fingerprint, 0, 0, StagingFormat);
        await Task.CompletedTask;
        return 0;
    }

    public async Task WriteAsync(ScoredChunk chunk, CancellationToken ct)
    {
        long length;
        await using (var file = new FileStream(StagingPath, _state.Rows == 0 && _state.Length == 0 ? FileMode.Create : FileMode.Open, FileAccess.ReadWrite, FileShare.None, 1 << 16))
        {
            await AppendAsync(file, chunk, first: _state.Length == 0, ct);
            file.Flush(flushToDisk: true);
            length = file.Length;
        }
        _state = _state with { Rows = chunk.FirstRow + chunk.Rows, Length = length };
        _state.Write(StatePath);
    }

    public async Task<string> CommitAsync(long rows, CancellationToken ct)
    {
        if (_state.Length == 0)
        {
            await using var file = new FileStream(StagingPath, FileMode.Create, FileAccess.ReadWrite);
            await AppendAsync(file, new ScoredChunk(0, [], null), first: true, ct);
        }
        File.Move(StagingPath, OutputPath, overwrite: true);
        File.Delete(StatePath);
        return OutputPath;
    }

    /// <summary>Version of the staging file's layout; a sink raises it when a resumed run could not append to an older file.</summary>
    protected virtual int StagingFormat => 0;

    /// <summary>Appends the chunk at the end of the staging file (positioned at its checkpointed length).</summary>
    protected abstract Task AppendAsync(FileStream file, ScoredChunk chunk, bool first, CancellationToken ct);

    public virtual ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
