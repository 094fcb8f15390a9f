using Pipeline.Protocol.Scores;

namespace Pipeline.Gateway.Scores;

/// <summary>Reads prediction scores from a model server answer through the shared protocol codec (<see cref="ScoreReader"/>).</summary>
public static class ScoreParser
{
    /// <summary>Scores of a JSON answer, or of a binary one when <paramref name="headerLength"/> (Inference-Header-Content-Length) is given.</summary>
    public static float[] Parse(ReadOnlySpan<byte> body, string? headerLength = null) => ScoreReader.Read(body, headerLength);
}
