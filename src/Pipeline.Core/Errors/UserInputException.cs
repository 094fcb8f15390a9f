namespace Pipeline.Core.Errors;

/// <summary>A user's mistake (a file, a parameter, a missing step): shown as its message alone, without a stack trace, with a non-zero exit.</summary>
public class UserInputException(string message, Exception? inner = null) : Exception(message, inner);
