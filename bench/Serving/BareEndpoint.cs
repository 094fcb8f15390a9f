using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Bench.Serving;

/// <summary>The HTTP ceiling: Kestrel reading the request body and answering a fixed JSON body, nothing else. Prints the same ready line as the server.</summary>
internal static class BareEndpoint
{
    public static async Task<int> RunAsync(int bodyBytes)
    {
        // {"predictions":[0.1…]} padded with digits to the requested size.
        var prefix = "{\"predictions\":[0.1";
        var digits = Math.Max(0, bodyBytes - prefix.Length - 2);
        var body = System.Text.Encoding.UTF8.GetBytes(prefix + new string('2', digits) + "]}");
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => { k.AddServerHeader = false; k.Listen(IPAddress.Loopback, 0); });
        var app = builder.Build();
        var sink = new byte[64 * 1024];
        app.Run(async ctx =>
        {
            while (await ctx.Request.Body.ReadAsync(sink) > 0) { }
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = body.Length;
            await ctx.Response.Body.WriteAsync(body);
        });
        await app.StartAsync();
        Console.WriteLine($"{{\"event\":\"ready\",\"port\":{new Uri(app.Urls.First()).Port},\"body_bytes\":{body.Length}}}");
        await app.WaitForShutdownAsync();
        return 0;
    }
}
