using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Gateway.Admin;

/// <summary>The admin bearer token; compared in constant time over SHA-256 digests so neither content nor length leaks through timing.</summary>
public sealed class AdminToken
{
    public const string EnvironmentVariable = "PIPELINE_GATEWAY_TOKEN";

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
