using Pipeline.Serving.Hosting;

namespace Pipeline.Serving.Streaming;

/// <summary>The consumer's broker address and queue names, resolved from the server options and the served model's name.</summary>
public sealed record ConsumerSettings
{
    public required Uri Broker { get; init; }
    public required string Queue { get; init; }
    public required string ResultQueue { get; init; }
    public required string DeadLetterQueue { get; init; }
    public int Prefetch { get; init; } = 256;

    /// <summary>The broker address without its password, for logs, metrics and the registry.</summary>
    public string Where => $"{Redact(Broker)} queue {Queue}";

    public static ConsumerSettings From(ServingOptions options, string modelName)
    {
        var queue = options.Queue ?? modelName + ".requests";
        return new ConsumerSettings
        {
            Broker = new Uri(options.Consume!),
            Queue = queue,
            ResultQueue = options.ResultQueue ?? queue + ".results",
            DeadLetterQueue = options.DeadLetterQueue ?? queue + ".dead-letter",
            Prefetch = options.Prefetch,
        };
    }

    /// <summary>Every problem with the consumer options (a bad URI, queue options without <c>--consume</c>, two roles on one queue).</summary>
    public static IEnumerable<string> Problems(ServingOptions o)
    {
        if (o.Consume is null)
        {
            foreach (var (option, value) in new[] { ("queue", o.Queue), ("result-queue", o.ResultQueue), ("dead-letter-queue", o.DeadLetterQueue) })
                if (value is not null) yield return $"option --{option} is for consumer mode; add --consume amqp://user:password@host:5672/vhost or drop --{option}";
            yield break;
        }
        if (!Uri.TryCreate(o.Consume, UriKind.Absolute, out var uri) || uri.Scheme is not ("amqp" or "amqps") || uri.Host.Length == 0)
            yield return $"option --consume: '{RedactText(o.Consume)}' is not an AMQP URI; expected amqp://user:password@host:5672/vhost (amqps:// for TLS)";
        foreach (var (option, value) in new[] { ("queue", o.Queue), ("result-queue", o.ResultQueue), ("dead-letter-queue", o.DeadLetterQueue) })
            if (value is not null && (value.Length is 0 or > 255 || value.StartsWith("amq.", StringComparison.Ordinal)))
                yield return $"option --{option}: '{value}' is not a usable queue name; use 1-255 characters, not starting with 'amq.' (reserved by the broker)";
        var names = new[] { o.Queue, o.ResultQueue, o.DeadLetterQueue }.Where(n => n is not null).ToList();
        if (names.Distinct(StringComparer.Ordinal).Count() != names.Count)
            yield return "options --queue, --result-queue and --dead-letter-queue name the same queue twice; answers would be read back as requests. Give each its own name";
    }

    /// <summary>amqp://user:***@host:port/vhost.</summary>
    public static string Redact(Uri uri)
    {
        var user = uri.UserInfo.Split(':', 2);
        var auth = user[0].Length == 0 ? "" : user.Length > 1 ? $"{user[0]}:***@" : $"{user[0]}@";
        return $"{uri.Scheme}://{auth}{uri.Host}:{(uri.IsDefaultPort || uri.Port < 0 ? (uri.Scheme == "amqps" ? 5671 : 5672) : uri.Port)}{uri.AbsolutePath}";
    }

    private static string RedactText(string text) => Uri.TryCreate(text, UriKind.Absolute, out var u) && u.UserInfo.Contains(':') ? Redact(u) : text;
}
