namespace Pipeline.Batch.Sources;

/// <summary>Input rows read chunk by chunk, so memory stays bounded whatever the input size.</summary>
public interface IBatchSource : IDisposable
{
    /// <summary>Share of the input read so far (0–1), for progress.</summary>
    double Fraction { get; }

    /// <summary>The next chunk of rows, or false at the end of the input.</summary>
    bool TryRead(out SourceChunk chunk);
}
