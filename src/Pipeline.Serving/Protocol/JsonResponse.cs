using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Serving.Protocol;

/// <summary>Writes JSON bodies with a Content-Length (no chunking), built with <see cref="Utf8JsonWriter"/> (no reflection, trimming-safe).</summary>
internal static class JsonResponse
{
    // One buffer and writer per thread, reused: the body is copied into Kestrel's pipe before anything is awaited.
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;

    public static Task WriteAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> body) =>
        WriteAsync(ctx, status, body, static (w, body) => body(w));

    /// <summary>As <see cref="WriteAsync(HttpContext, int, Action{Utf8JsonWriter})"/>, with the body's state passed in, so a
    /// static <paramref name="body"/> allocates no closure per answer (the scoring routes).</summary>
    public static Task WriteAsync<TState>(HttpContext ctx, int status, TState state, Action<Utf8JsonWriter, TState> body)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer);
        w.Reset(buffer);
        body(w, state);
        w.Flush();
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.WrittenCount;
        var pipe = ctx.Response.BodyWriter;
        pipe.Write(buffer.WrittenSpan);
        var flush = pipe.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary>Writes a v2 inference answer; outputs <paramref name="binary"/> picks travel as raw bytes after the JSON, with
    /// <c>Inference-Header-Content-Length</c> naming the JSON part's length.</summary>
    public static Task WriteInferAsync(HttpContext ctx, Pipeline.Protocol.Rest.InferResponse response, Func<Pipeline.Protocol.Tensors.Tensor, bool> binary)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var w = t_writer ??= new Utf8JsonWriter(buffer);
        var header = Pipeline.Protocol.Rest.InferenceJson.WriteResponse(buffer, w, response, binary);
        ctx.Response.StatusCode = 200;
        if (header is { } length)
        {
            ctx.Response.ContentType = Pipeline.Protocol.Rest.InferenceHeader.BinaryContentType;
            ctx.Response.Headers[Pipeline.Protocol.Rest.InferenceHeader.ContentLength] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        else ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.WrittenCount;
        var pipe = ctx.Response.BodyWriter;
        pipe.Write(buffer.WrittenSpan);
        var flush = pipe.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask();
    }

    /// <summary><c>{"error": message, "request_id": id, "details": [{"field", "problem"}]}</c>; KServe clients read <c>error</c>.</summary>
    public static Task ErrorAsync(HttpContext ctx, int status, string message, IReadOnlyList<FieldError>? details = null) =>
        WriteAsync(ctx, status, w => WriteError(w, message, ctx.TraceIdentifier, details));

    /// <summary>The error body every transport answers with (HTTP, and the queue consumer's answer messages).</summary>
    public static void WriteError(Utf8JsonWriter w, string message, string requestId, IReadOnlyList<FieldError>? details)
    {
        w.WriteStartObject();
        w.WriteString("error", message);
        w.WriteString("request_id", requestId);
        if (details is { Count: > 0 })
        {
            w.WriteStartArray("details");
            foreach (var d in details)
            {
                w.WriteStartObject();
                w.WriteString("field", d.Field);
                w.WriteString("problem", d.Problem);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }
}
