namespace Pipeline.Packaging.Registry;

/// <summary>User name and password (or token) sent to the registry's token service with Basic auth.</summary>
public sealed record RegistryCredentials(string Username, string Password)
{
    public override string ToString() => $"{Username}:***";

    /// <summary>From <c>PIPELINE_REGISTRY_USERNAME</c> / <c>PIPELINE_REGISTRY_PASSWORD</c>, when both are set.</summary>
    public static RegistryCredentials? FromEnvironment(Func<string, string?>? getEnvironment = null)
    {
        var env = getEnvironment ?? Environment.GetEnvironmentVariable;
        return env("PIPELINE_REGISTRY_USERNAME") is { Length: > 0 } user && env("PIPELINE_REGISTRY_PASSWORD") is { Length: > 0 } password
            ? new RegistryCredentials(user, password)
            : null;
    }
}
