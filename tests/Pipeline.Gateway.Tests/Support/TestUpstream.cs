using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Pipeline.Gateway.Tests.Support;

/// <summary>
/// A real Kestrel server on 127.0.0.1 that speaks the model server's protocol (OIP v2 infer, V1 :predict, health):
/// answers with a fixed probability and its own name, or fails on demand.
/// </summary>
public sealed class TestUpstream : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _requests;
    private int _grpcCalls;
    private int _disposed;
    private readonly System.Collections.Concurrent.ConcurrentBag<string> _grpcKeys = [];

    private TestUpstream(WebApplication app, string name)
    {
        _app = app;
        Name = name;
    }

    public string Name { get; }

    public float Score { get; set; } = 0.25f;

    /// <summary>When set, answers every prediction with this status (e.g. 500).</summary>
    public int? FailWith { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>ModelInfer calls that reached this upstream's gRPC port.</summary>
    public int GrpcCalls => Volatile.Read(ref _grpcCalls);

    /// <summary>The <c>x-pipeline-key</c> metadata of the gRPC calls it got (the gateway passes metadata on).</summary>
    public IReadOnlyCollection<string> GrpcKeys => _grpcKeys;

    public string Url => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    /// <summary>The h2c address of its gRPC port; null when started without one.</summary>
    public string? GrpcUrl => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Skip(1).FirstOrDefault();

    internal void CountGrpcCall(string? key)
    {
        Interlocked.Increment(ref _grpcCalls);
        if (key is not null) _grpcKeys.Add(key);
    }

    public static async Task<TestUpstream> StartAsync(string name, float score = 0.25f, bool grpc = false)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, 0);
            if (grpc) k.Listen(IPAddress.Loopback, 0, l => l.Protocols = Microsoft.AspNetCore.Server.Kestrel.Core.HttpProtocols.Http2);
        });
        TestUpstream? self = null;
        if (grpc)
        {
            builder.Services.AddGrpc();
            builder.Services.AddSingleton(_ => new TestGrpcService(self!));
        }
        var app = builder.Build();
        var upstream = self = new TestUpstream(app, name) { Score = score };
        if (grpc) app.MapGrpcService<TestGrpcService>();
        app.MapGet("/v2/health/ready", () => Results.Ok());
        app.MapPost("/v2/models/{model}/infer", upstream.InferAsync);
        app.MapPost("/v1/models/{model}", upstream.PredictV1Async);
        await app.StartAsync();
        return upstream;
    }

    private async Task<IResult> InferAsync(HttpContext ctx, string model)
    {
        Interlocked.Increment(ref _requests);
        if (await RowsAsync(ctx) is not { } rows) return Results.BadRequest(new { error = "not a prediction request" });
        if (FailWith is { } status) return Results.StatusCode(status);
        var data = Enumerable.Range(0, rows).SelectMany(_ => new[] { 1 - Score, Score }).ToArray();
        return Results.Json(new
        {
            model_name = model,
            model_version = Name,
            outputs = new object[] { new { name = "probability", datatype = "FP32", shape = new[] { rows, 2 }, data } },
        });
    }

    private async Task<IResult> PredictV1Async(HttpContext ctx, string model)
    {
        Interlocked.Increment(ref _requests);
        if (await RowsAsync(ctx) is not { } rows) return Results.BadRequest(new { error = "not a prediction request" });
        if (FailWith is { } status) return Results.StatusCode(status);
        return Results.Json(new { server = Name, predictions = Enumerable.Repeat(Score, rows).ToArray() });
    }

    /// <summary>Rows of a V1 or v2 request (1 when it does not say); null for a body that is not such a request, answered 400 like a model server.</summary>
    private static async Task<int?> RowsAsync(HttpContext ctx)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(ctx.Request.Body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            if (root.TryGetProperty("instances", out var instances)) return instances.ValueKind == JsonValueKind.Array ? instances.GetArrayLength() : null;
            if (root.TryGetProperty("inputs", out var inputs) && inputs.ValueKind == JsonValueKind.Array && inputs.GetArrayLength() > 0
                && inputs[0].ValueKind == JsonValueKind.Object && inputs[0].TryGetProperty("shape", out var shape))
                return shape.ValueKind == JsonValueKind.Array && shape.GetArrayLength() > 0 && shape[0].ValueKind == JsonValueKind.Number && shape[0].TryGetInt32(out var n) && n is >= 0 and <= 4096 ? n : null;
            return 1;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
