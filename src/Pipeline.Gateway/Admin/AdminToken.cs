using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Gateway.Admin;

/// <summary>The admin bearer token; compared in constant time over SHA-256 digests so neither content nor length leaks through timing.</summary>
public sealed class AdminToken
{
    public const string EnvironmentVariable = "PIPELINE_GATEWAY_TOKEN";

    /// <summary>A file holding the token, for containers: unlike an environment variable it does not show in <c>docker inspect</c>.</summary>
    public const string FileVariable = "PIPELINE_GATEWAY_TOKEN_FILE";

    /// <summary>The token from <see cref="EnvironmentVariable"/>, else from the file <see cref="FileVariable"/> names (trimmed).</summary>
    public static string? Read(Func<string, string?> environment) =>
        environment(EnvironmentVariable) is { Length: > 0 } token ? token
        : environment(FileVariable) is { Length: > 0 } file && File.Exists(file) ? File.ReadAllText(file).Trim()
        : null;

    private readonly byte[]? _digest;

    public AdminToken(string? token) => _digest = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool IsConfigured => _digest is not null;

    public bool Matches(string? authorizationHeader)
    {
        if (_digest is null || authorizationHeader is null) return false;
        const string scheme = "Bearer ";
        if (!authorizationHeader.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorizationHeader[scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _digest);
    }
}
