namespace Pipeline.Serving.Streaming;

/// <summary>The consumer could not start: no broker at the address, refused credentials, or a queue declared with other properties.</summary>
public sealed class ConsumerStartException(string message, Exception? inner = null) : Exception(message, inner);
