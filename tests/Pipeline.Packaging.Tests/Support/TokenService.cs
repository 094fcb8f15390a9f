using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Pipeline.Packaging.Tests.Support;

/// <summary>
/// A registry token service on 127.0.0.1 (Kestrel): checks Basic credentials and issues ES256 JWTs with the signing
/// certificate in <c>x5c</c>, which docker-registry verifies against the certificate bundle it is configured with.
/// </summary>
public sealed class TokenService : IAsyncDisposable
{
    public const string Service = "pipeline-test-registry";
    public const string Issuer = "pipeline-test-issuer";

    private readonly ECDsa _key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _certificate;
    private readonly WebApplication _app;
    private int _requests;

    public string Username { get; } = "pipeline";
    public string Password { get; } = "s3cret-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Realm URL for the registry's auth config.</summary>
    public string Realm { get; private set; } = "";

    public string CertificatePem => _certificate.ExportCertificatePem();

    /// <summary>Token requests served so far (proves the client went through the bearer flow).</summary>
    public int Requests => _requests;

    public TokenService()
    {
        var request = new CertificateRequest("CN=pipeline-test-token-issuer", _key, HashAlgorithmName.SHA256);
        _certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        _app = builder.Build();
        _app.MapGet("/token", Issue);
    }

    public async Task StartAsync()
    {
        await _app.StartAsync();
        Realm = _app.Urls.First() + "/token";
    }

    private IResult Issue(HttpContext context)
    {
        Interlocked.Increment(ref _requests);
        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{Username}:{Password}"));
        if (context.Request.Headers.Authorization.ToString() != expected)
            return Results.Json(new { errors = new[] { new { code = "UNAUTHORIZED", message = "bad credentials" } } }, statusCode: 401);
        var access = context.Request.Query["scope"].Where(s => s is not null).Select(s => s!.Split(':')).Where(p => p.Length == 3)
            .Select(p => new { type = p[0], name = p[1], actions = p[2].Split(',') }).ToArray();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = new Dictionary<string, object> { ["typ"] = "JWT", ["alg"] = "ES256", ["x5c"] = new[] { Convert.ToBase64String(_certificate.RawData) } };
        var claims = new Dictionary<string, object>
        {
            ["iss"] = Issuer, ["sub"] = Username, ["aud"] = context.Request.Query["service"].ToString(),
            ["exp"] = now + 300, ["nbf"] = now - 10, ["iat"] = now, ["jti"] = Guid.NewGuid().ToString("N"), ["access"] = access,
        };
        var signingInput = B64(JsonSerializer.SerializeToUtf8Bytes(header)) + "." + B64(JsonSerializer.SerializeToUtf8Bytes(claims));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signingInput), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return Results.Json(new { token = signingInput + "." + B64(signature), expires_in = 300 });
    }

    private static string B64(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _certificate.Dispose();
        _key.Dispose();
    }
}
