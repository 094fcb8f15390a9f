using System.Net.Http.Headers;
using System.Text;

namespace Pipeline.Deployment.Operations;

public sealed partial class ModelDeployment
{
    private static readonly HttpClient EvidenceClient = new(new SocketsHttpHandler { UseProxy = false, ConnectTimeout = TimeSpan.FromSeconds(2) });

    /// <summary>Posts the judge's evidence (JSON) to the model's gateway for its live release page; throws when no gateway runs.</summary>
    public async Task PostReleaseEvidenceAsync(string model, string json, CancellationToken ct)
    {
        var gateway = (await SlotsAsync(model, ct)).GetValueOrDefault(GatewayRole)
            ?? throw new InvalidOperationException($"{model} has no gateway running; nothing shows the live release page.");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(new Uri(gateway.Endpoint), "/admin/release-evidence"))
        {
            Content = new StringContent(json, Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token(model));
        using var response = await EvidenceClient.SendAsync(request, ct);
        response.EnsureSuccessStatusCode();
    }
}
