namespace Pipeline.Build;

/// <summary>Where a parameter's value came from.</summary>
public enum ParameterSource
{
    Default,
    ParametersFile,
    Environment,
    CommandLine,
}
