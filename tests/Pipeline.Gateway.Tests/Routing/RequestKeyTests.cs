using System.Text;
using Pipeline.Gateway.Routing;

namespace Pipeline.Gateway.Tests.Routing;

public sealed class RequestKeyTests
{
    private static readonly RoutingTable Table = new() { Stable = new Upstream("http://127.0.0.1:1"), StickyField = "customer_id" };

    [Theory]
    [InlineData("""{"instances":[{"customer_id":"c7","amount":3}]}""", "c7")]
    [InlineData("""{"inputs":[{"name":"customer_id","datatype":"BYTES","shape":[1,1],"data":[["c9"]]}]}""", "c9")]
    [InlineData("""{"customer_id":1234}""", "1234")]
    [InlineData("""{"instances":[{"amount":3}]}""", null)]
    public void Extract_JsonField_FoundInV1AndV2Bodies(string body, string? expected) =>
        Assert.Equal(expected, RequestKey.Extract(Table, _ => null, Encoding.UTF8.GetBytes(body)));

    [Fact]
    public void Extract_HeaderPresent_HeaderWins() =>
        Assert.Equal("h1", RequestKey.Extract(Table, h => h == "X-Pipeline-Key" ? "h1" : null, Encoding.UTF8.GetBytes("""{"customer_id":"c1"}""")));
}
