using Pipeline.Deployment.GatewayControl;

namespace Pipeline.Deployment.Tests.GatewayControl;

public sealed class GatewayTokenStoreTests
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void Resolve_NoSecret_GeneratesOnceOwnerOnlyAndReusesIt()
    {
        var dir = Directory.CreateTempSubdirectory("gateway-token-").FullName;
        try
        {
            var first = GatewayTokenStore.Resolve(null, dir, "m");
            Assert.Equal(64, first.Length);
            Assert.Equal(first, GatewayTokenStore.Resolve(null, dir, "m"));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(dir, "m", "gateway.token")));
            Assert.Equal("given", GatewayTokenStore.Resolve("given", dir, "m"));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
