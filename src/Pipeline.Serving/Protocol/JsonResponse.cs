using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Serving.Protocol;

/// <summary>Writes JSON bodies with a Content-Length (no chunking), built with <see cref="Utf8JsonWriter"/> (no reflection, trimming-safe).</summary>
internal static class JsonResponse
{
    public static Task WriteAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var w = new Utf8JsonWriter(buffer)) body(w);
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        ctx.Response.ContentLength = buffer.WrittenCount;
        return ctx.Response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }

    /// <summary><c>{"error": message, "request_id": id, "details": [{"field", "problem"}]}</c>; KServe clients read <c>error</c>.</summary>
    public static Task ErrorAsync(HttpContext ctx, int status, string message, IReadOnlyList<FieldError>? details = null) =>
        WriteAsync(ctx, status, w =>
        {
            w.WriteStartObject();
            w.WriteString("error", message);
            w.WriteString("request_id", ctx.TraceIdentifier);
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
        });
}
