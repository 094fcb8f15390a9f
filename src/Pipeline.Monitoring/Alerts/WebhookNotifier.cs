using System.Net.Http.Headers;
using Pipeline.Core.Models;
using Pipeline.Core.Verdicts;

namespace Pipeline.Monitoring.Alerts;

/// <summary>Posts a breach to the webhook model.yaml names and says who was told (or why nobody was).</summary>
public sealed class WebhookNotifier(HttpClient http, TimeProvider time)
{
    public sealed record Notification(bool Delivered, string Recipient, string Message);

    public async Task<Notification> NotifyAsync(WebhookTarget? target, string model, string version, Verdict verdict, string? action, CancellationToken ct)
    {
        if (target is null)
            return new Notification(false, "nobody", "no monitoring.webhook in model.yaml: nobody was told; add monitoring.webhook { url, format, name }");
        var recipient = target.Name ?? new Uri(target.Url).GetLeftPart(UriPartial.Path);
        var body = AlertPayload.Render(target.Format, model, version, verdict, time.GetUtcNow(), action);
        try
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await http.PostAsync(target.Url, content, ct);
            return response.IsSuccessStatusCode
                ? new Notification(true, recipient, $"{recipient} told ({target.Format} webhook, HTTP {(int)response.StatusCode})")
                : new Notification(false, recipient, $"{recipient} NOT told: the {target.Format} webhook answered HTTP {(int)response.StatusCode}; check monitoring.webhook.url");
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return new Notification(false, recipient, $"{recipient} NOT told: {e.Message}; check monitoring.webhook.url is reachable");
        }
    }

    /// <summary>The verdict with a check that names who was told.</summary>
    public static Verdict WithNotification(Verdict verdict, Notification n) => verdict with
    {
        Checks =
        [
            .. verdict.Checks,
            new Check
            {
                Metric = "alert", Observed = n.Message, Threshold = "breach reported to monitoring.webhook",
                Outcome = n.Delivered ? CheckOutcome.Info : CheckOutcome.Warn,
            },
        ],
    };
}
