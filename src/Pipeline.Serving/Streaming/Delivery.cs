using System.Globalization;
using System.Text;
using RabbitMQ.Client;

namespace Pipeline.Serving.Streaming;

/// <summary>One request message as the broker delivered it, copied out of the client's buffers.</summary>
internal sealed record Delivery
{
    /// <summary>AMQP header naming the JSON part's length of a v2 body with binary tensors (as the HTTP header does).</summary>
    public const string HeaderLengthHeader = "inference-header-content-length";

    public required ulong Tag { get; init; }
    public required byte[] Body { get; init; }
    public required bool Redelivered { get; init; }
    public required long ReceivedAt { get; init; }
    public string? MessageId { get; init; }
    public string? CorrelationId { get; init; }
    public string? ReplyTo { get; init; }
    public string? ContentType { get; init; }

    /// <summary>The AMQP <c>type</c> property: <c>predict</c> (V1) or <c>infer</c> (v2); unset: told from the body.</summary>
    public string? Type { get; init; }
    public string? HeaderLength { get; init; }
    public IDictionary<string, object?>? Headers { get; init; }

    /// <summary>The id the answer carries: the request's message id, else its correlation id.</summary>
    public string? RequestId => string.IsNullOrEmpty(MessageId) ? (string.IsNullOrEmpty(CorrelationId) ? null : CorrelationId) : MessageId;

    public static Delivery From(ulong tag, bool redelivered, IReadOnlyBasicProperties properties, ReadOnlyMemory<byte> body, long receivedAt) => new()
    {
        Tag = tag,
        Body = body.ToArray(),
        Redelivered = redelivered,
        ReceivedAt = receivedAt,
        MessageId = properties.MessageId,
        CorrelationId = properties.CorrelationId,
        ReplyTo = properties.ReplyTo,
        ContentType = properties.ContentType,
        Type = properties.Type,
        HeaderLength = HeaderText(properties.Headers, HeaderLengthHeader),
        Headers = properties.Headers is null ? null : new Dictionary<string, object?>(properties.Headers, StringComparer.Ordinal),
    };

    /// <summary>A header's value as text: AMQP strings arrive as bytes, numbers as numbers.</summary>
    internal static string? HeaderText(IDictionary<string, object?>? headers, string name)
    {
        if (headers is null) return null;
        foreach (var (key, value) in headers)
        {
            if (!string.Equals(key, name, StringComparison.OrdinalIgnoreCase)) continue;
            return value switch
            {
                null => null,
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
                _ => value.ToString(),
            };
        }
        return null;
    }
}
