using System.Net;
using System.Text;
using System.Text.Json;
using Pipeline.Gateway.Routing;
using Pipeline.Gateway.Tests.Support;

namespace Pipeline.Gateway.Tests.BadInput;

/// <summary>Issue 24 item 9: every malformed admin change is a 400 whose JSON names the field, the rule and the fix; nothing changes.</summary>
public sealed class AdminInputTests : IAsyncLifetime
{
    private GatewayUnderTest _g = null!;

    public async Task InitializeAsync() => _g = await GatewayUnderTest.StartAsync(t => t with { CanaryWeight = 10 });

    public async Task DisposeAsync() => await _g.DisposeAsync();

    private async Task<string[]> Expect400Async(HttpMethod method, string path, string body)
    {
        var before = _g.Gateway.Routing.Current;
        using var request = new HttpRequestMessage(method, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await _g.Admin.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{method} {path} {body}: HTTP {(int)response.StatusCode} {text}");
        Assert.Same(before, _g.Gateway.Routing.Current);
        return JsonDocument.Parse(text).RootElement.GetProperty("errors").EnumerateArray().Select(e => e.GetString()!).ToArray();
    }

    [Theory]
    [InlineData("""{"bakeSeconds": 1e300}""", "is outside 0–604800")]
    [InlineData("""{"bakeSeconds": "NaN"}""", "is not a number")]
    [InlineData("""{"bakeSeconds": -5}""", "is outside 0–604800")]
    [InlineData("""{"bakeSecs": 60}""", "not a field of this request")]
    public async Task Promote_BadBakeSeconds_400NamingFieldRuleAndFix(string body, string rule)
    {
        var error = Assert.Single(await Expect400Async(HttpMethod.Post, "/admin/promote", body));

        Assert.StartsWith(body.Contains("bakeSecs\"", StringComparison.Ordinal) ? "bakeSecs:" : "bakeSeconds:", error);
        Assert.Contains(rule, error);
        Assert.Matches("give |send ", error);
    }

    [Theory]
    [InlineData("{}", "weight: missing")]
    [InlineData("""{"wieght": 50}""", "wieght: not a field")]
    [InlineData("""{"weight": "50"}""", "weight: \"50\" is not a number")]
    [InlineData("""{"weight": 150}""", "weight: 150 is outside 0–100")]
    [InlineData("""[50]""", "body: a JSON array")]
    [InlineData("""{"weight": 5""", "body: not valid JSON")]
    [InlineData("", "body: empty")]
    public async Task CanaryWeight_MissingMisspeltOrMalformed_400AndWeightUnchanged(string body, string expected)
    {
        var errors = await Expect400Async(HttpMethod.Post, "/admin/canary-weight", body);

        Assert.Contains(errors, e => e.StartsWith(expected, StringComparison.Ordinal) && (e.Contains("give", StringComparison.Ordinal) || e.Contains("send", StringComparison.Ordinal)));
        Assert.Equal(10, _g.Gateway.Routing.Current.CanaryWeight);
    }

    [Fact]
    public async Task Rollback_ReasonNotAString_400()
    {
        var error = Assert.Single(await Expect400Async(HttpMethod.Post, "/admin/rollback", """{"reason": 7}"""));

        Assert.StartsWith("reason: 7 is not a string", error);
    }

    [Fact]
    public async Task PutRouting_UpstreamIsTheGatewayItself_400NamingTheField()
    {
        var self = _g.Gateway.Routing.Current with { Canary = new Upstream(_g.Gateway.BaseAddress.ToString().TrimEnd('/'), "v9") };

        var error = Assert.Single(await Expect400Async(HttpMethod.Put, "/admin/routing", JsonSerializer.Serialize(self, GatewayJson.Options)));

        Assert.StartsWith("canary.url:", error);
        Assert.Contains("is this gateway itself", error);
    }

    [Theory]
    [InlineData("""{"stable": {"url": "http://127.0.0.1:9"}, "canaryWieght": 5}""", "canaryWieght")]
    [InlineData("""{"stable": {"url": "http://127.0.0.1:9"}, "canaryWeight": "lots"}""", "canaryWeight")]
    [InlineData("""{"stable": """, "stable")]
    public async Task PutRouting_UnknownFieldOrWrongType_400NamingIt(string body, string field)
    {
        var error = Assert.Single(await Expect400Async(HttpMethod.Put, "/admin/routing", body));

        Assert.StartsWith(field, error);
        Assert.Contains("Send a routing table such as", error);
    }

    [Fact]
    public async Task Promote_ValidBake_AppliedWithBakeWindow()
    {
        var table = await _g.ChangeAsync("/admin/promote", new { bakeSeconds = 60, reason = "test" });

        Assert.Equal("v2", table.Stable.Version);
        Assert.NotNull(table.BakeUntil);
    }
}
