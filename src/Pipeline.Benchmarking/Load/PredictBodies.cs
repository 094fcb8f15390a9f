using System.Buffers;
using Pipeline.Core.Features;
using Pipeline.Protocol.V1;

namespace Pipeline.Benchmarking.Load;

/// <summary>V1 <c>{"instances": [...]}</c> request bodies built from real rows (written by the shared codec), so load exercises the model on realistic inputs.</summary>
public static class PredictBodies
{
    /// <summary>Cuts <paramref name="rows"/> into at most <paramref name="maxBodies"/> bodies of <paramref name="rowsPerRequest"/> rows each.</summary>
    public static IReadOnlyList<byte[]> FromBatch(FeatureBatch rows, int rowsPerRequest = 1, int maxBodies = 256)
    {
        var bodies = new List<byte[]>();
        for (var start = 0; start + rowsPerRequest <= rows.Rows && bodies.Count < maxBodies; start += rowsPerRequest)
        {
            var buffer = new ArrayBufferWriter<byte>(256 * rowsPerRequest);
            PredictJson.WriteInstances(buffer, rows, start, rowsPerRequest);
            bodies.Add(buffer.WrittenSpan.ToArray());
        }
        if (bodies.Count == 0) throw new ArgumentException($"{rows.Rows} rows are fewer than {rowsPerRequest} rows per request", nameof(rows));
        return bodies;
    }
}
