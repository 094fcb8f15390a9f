using System.Security.Cryptography;

namespace Pipeline.Deployment.GatewayControl;

/// <summary>
/// The gateway admin token: the <c>PIPELINE_GATEWAY_TOKEN</c> secret when given, else one generated at first deploy and kept in
/// <c>.artifacts/deploy/&lt;model&gt;/gateway.token</c> (mode 0600) so later Promote/Rollback runs can reach the same gateway.
/// </summary>
public static class GatewayTokenStore
{
    public static string Resolve(string? secret, string deployDirectory, string model)
    {
        if (!string.IsNullOrEmpty(secret)) return secret;
        var file = Path.Combine(deployDirectory, model, "gateway.token");
        if (File.Exists(file)) return File.ReadAllText(file).Trim();
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        var token = Convert.ToHexString(RandomNumberGenerator.GetBytes(32)).ToLowerInvariant();
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(file, options))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(token);
        }
        return token;
    }
}
