using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Pipeline.Bench.Gateway;

/// <summary>
/// The upstream both gateways forward to: bare Kestrel answering every OIP v2 infer with a fixed one-row answer, so the run
/// measures the gateways' own cost rather than a model's (both see the same upstream in the same run).
/// </summary>
internal static class CannedUpstream
{
    public static readonly byte[] Answer =
        """{"model_name":"fraud-detector","model_version":"v1","outputs":[{"name":"probability","datatype":"FP32","shape":[1,1],"data":[0.25]}]}"""u8.ToArray();

    public static async Task<(WebApplication App, string Url)> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => { k.AddServerHeader = false; k.Listen(IPAddress.Loopback, 0); });
        var app = builder.Build();
        app.MapPost("/v2/models/{model}/infer", async ctx =>
        {
            // Read the request like a server would before answering.
            var buffer = new byte[4096];
            while (await ctx.Request.Body.ReadAsync(buffer) > 0) { }
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = Answer.Length;
            await ctx.Response.Body.WriteAsync(Answer);
        });
        await app.StartAsync();
        return (app, app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }
}
