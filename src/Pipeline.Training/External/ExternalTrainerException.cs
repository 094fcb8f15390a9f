namespace Pipeline.Training.External;

/// <summary>The external trainer could not be run, failed, or wrote no model; the message names the command, exit code and output tail.</summary>
public sealed class ExternalTrainerException(string message, int? exitCode, string output) : Exception(message)
{
    public int? ExitCode { get; } = exitCode;
    public string Output { get; } = output;
}
