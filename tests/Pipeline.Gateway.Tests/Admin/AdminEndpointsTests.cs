using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.Admin;

public sealed class AdminEndpointsTests
{
    [Fact]
    public async Task Admin_MissingOrWrongToken_Unauthorized()
    {
        await using var g = await GatewayUnderTest.StartAsync();
        using var anonymous = await g.Client.GetAsync("/admin/routing");
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        using var wrong = new HttpRequestMessage(HttpMethod.Post, "/admin/canary-weight") { Content = JsonContent.Create(new { weight = 90 }) };
        wrong.Headers.Authorization = new AuthenticationHeaderValue("Bearer", GatewayUnderTest.Token + "x");
        using var denied = await g.Client.SendAsync(wrong);
        Assert.Equal(HttpStatusCode.Unauthorized, denied.StatusCode);
        Assert.Equal(0, g.Gateway.Routing.Current.CanaryWeight);
    }

    [Fact]
    public async Task Admin_NoTokenConfigured_DisabledWithFix()
    {
        await using var g = await GatewayUnderTest.StartAsync(token: null);
        using var r = await g.Admin.GetAsync("/admin/routing");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, r.StatusCode);
        Assert.Contains("PIPELINE_GATEWAY_TOKEN", await r.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Admin_InvalidWeight_RejectedAndTableUnchanged()
    {
        await using var g = await GatewayUnderTest.StartAsync();
        using var r = await g.Admin.PostAsJsonAsync("/admin/canary-weight", new { weight = 140 });
        Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        Assert.Contains("outside 0–100", await r.Content.ReadAsStringAsync());
        Assert.Equal(1 - 1, g.Gateway.Routing.Current.Generation);
    }

    [Fact]
    public async Task Admin_PutWithStaleGeneration_Conflict()
    {
        await using var g = await GatewayUnderTest.StartAsync();
        var table = g.Gateway.Routing.Current with { CanaryWeight = 10 };
        using var first = new HttpRequestMessage(HttpMethod.Put, "/admin/routing") { Content = JsonContent.Create(table, options: GatewayJson.Options) };
        first.Headers.TryAddWithoutValidation("If-Match", "0");
        using var ok = await g.Admin.SendAsync(first);
        Assert.True(ok.StatusCode == HttpStatusCode.OK, await ok.Content.ReadAsStringAsync());

        using var second = new HttpRequestMessage(HttpMethod.Put, "/admin/routing") { Content = JsonContent.Create(table, options: GatewayJson.Options) };
        second.Headers.TryAddWithoutValidation("If-Match", "0");
        using var conflict = await g.Admin.SendAsync(second);
        Assert.Equal(HttpStatusCode.Conflict, conflict.StatusCode);
    }

    [Fact]
    public async Task Admin_Health_ProbesEachUpstream()
    {
        await using var g = await GatewayUnderTest.StartAsync();
        await g.Canary.DisposeAsync();
        var health = await g.Admin.GetFromJsonAsync<List<Gateway.Admin.UpstreamHealth>>("/admin/health", GatewayJson.Options);
        Assert.NotNull(health);
        Assert.True(health.Single(h => h.Variant == "stable").Ready);
        Assert.False(health.Single(h => h.Variant == "canary").Ready);
    }
}
