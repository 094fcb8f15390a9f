using System.Buffers;
using Microsoft.Extensions.Primitives;
using Pipeline.Gateway.Metrics;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Proxy;

internal sealed partial class ProxyHandler
{
    /// <summary>Streams status, headers and body to the client, keeping a copy of a JSON body (up to 1 MiB) to read scores from.</summary>
    private static async Task<ArrayBufferWriter<byte>?> CopyResponseAsync(
        HttpContext ctx, HttpResponseMessage response, string variant, Upstream upstream, VariantMetrics m, CancellationToken aborted)
    {
        var target = ctx.Response;
        target.StatusCode = (int)response.StatusCode;
        CopyHeaders(response.Headers, target.Headers);
        CopyHeaders(response.Content.Headers, target.Headers);
        target.Headers["X-Pipeline-Variant"] = variant;
        target.Headers["X-Pipeline-Version"] = upstream.Version;

        var isJson = response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true;
        // Binary tensor answers (Inference-Header-Content-Length) carry scores too: the judge reads them like JSON ones.
        var capture = isJson || BinaryHeader(response) is not null ? new ArrayBufferWriter<byte>(4096) : null;
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            await using var source = await response.Content.ReadAsStreamAsync(aborted);
            int read;
            while ((read = await source.ReadAsync(buffer, aborted)) > 0)
            {
                await target.Body.WriteAsync(buffer.AsMemory(0, read), aborted);
                if (capture is not null && capture.WrittenCount + read <= ScoreCaptureLimit) capture.Write(buffer.AsSpan(0, read));
                else capture = null;
            }
            return capture;
        }
        catch (Exception e) when (e is IOException or HttpRequestException or OperationCanceledException)
        {
            // Headers are already sent: the only honest signal left is to abort the client connection.
            if (!aborted.IsCancellationRequested) m.CountError();
            ctx.Abort();
            return null;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The answer's <c>Inference-Header-Content-Length</c> (binary tensor outputs), or null.</summary>
    internal static string? BinaryHeader(HttpResponseMessage response) =>
        response.Headers.TryGetValues(Pipeline.Protocol.Rest.InferenceHeader.ContentLength, out var v) || response.Content.Headers.TryGetValues(Pipeline.Protocol.Rest.InferenceHeader.ContentLength, out v)
            ? v.FirstOrDefault()
            : null;

    private static void CopyHeaders(System.Net.Http.Headers.HttpHeaders from, IHeaderDictionary to)
    {
        foreach (var header in from)
        {
            if (HopByHopHeaders.Contains(header.Key)) continue;
            to[header.Key] = new StringValues(header.Value.ToArray());
        }
    }

    /// <summary>A body the client did not deliver: Kestrel's status (400 shorter than its Content-Length, 408 too slow).</summary>
    private Task ClientFaultAsync(HttpContext ctx, BadHttpRequestException fault)
    {
        var status = fault.StatusCode is >= 400 and < 500 ? fault.StatusCode : StatusCodes.Status400BadRequest;
        var what = status == StatusCodes.Status408RequestTimeout
            ? "the request body arrived too slowly and was abandoned; send the whole body at once"
            : $"the request body ended before its declared Content-Length{(ctx.Request.ContentLength is { } n ? $" of {n} bytes" : "")}; send exactly as many bytes as Content-Length says";
        return RejectAsync(ctx, status, $"{what} ({fault.Message}).");
    }

    /// <summary>An answer the gateway gives itself (no upstream involved): counted by status, never as a variant's error.</summary>
    private Task RejectAsync(HttpContext ctx, int status, string detail)
    {
        metrics.CountRejected(status);
        return Problem(ctx, status, detail);
    }

    private static Task Problem(HttpContext ctx, int status, string detail)
    {
        if (ctx.Response.HasStarted) return Task.CompletedTask;
        return Results.Problem(detail: detail, statusCode: status, title: "Pipeline gateway").ExecuteAsync(ctx);
    }
}
