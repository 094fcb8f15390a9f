namespace Pipeline.Build;

/// <summary>A target needs an output no run of its scope produced; the message names the command that makes it.</summary>
public sealed class MissingUpstreamException(string message) : Pipeline.Core.Errors.UserInputException(message);
