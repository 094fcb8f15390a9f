using Pipeline.Packaging.Docker;

namespace Pipeline.Packaging.Tests.Support;

/// <summary>Tests that need an engine fail with the set-up command when none answers (the Setup target starts one).</summary>
public static class DockerRequirement
{
    public static async Task<DockerEngineClient> RequireAsync()
    {
        var client = DockerEngineClient.FromEnvironment();
        if (!await client.PingAsync(TimeSpan.FromSeconds(10)))
        {
            client.Dispose();
            Assert.Fail($"No Docker engine answers at {DockerEndpoint.FromEnvironment()}. Run `sudo .ci/install/30-docker.sh` (or ./build.sh Setup) first.");
        }
        return client;
    }
}
