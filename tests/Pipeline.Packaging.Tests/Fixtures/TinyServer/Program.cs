using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

// Options: --port <p> --host <h> --crash (exit 3 before listening) --healthcheck (probe /v2/health/ready and exit 0/1).
var port = Option("--port") ?? "8080";
var host = Option("--host") ?? "127.0.0.1";
if (args.Contains("--healthcheck"))
{
    using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
    try { return (await probe.GetAsync($"http://127.0.0.1:{port}/v2/health/ready")).IsSuccessStatusCode ? 0 : 1; }
    catch (HttpRequestException) { return 1; }
}
if (args.Contains("--crash"))
{
    Console.Error.WriteLine("tiny-server: model file is corrupt, refusing to start (fixture --crash)");
    return 3;
}

var builder = WebApplication.CreateSlimBuilder();
builder.WebHost.UseUrls($"http://{host}:{port}");
builder.Logging.ClearProviders();
var app = builder.Build();
app.MapGet("/v2/health/ready", () => Results.Text("ready"));
app.MapGet("/whoami", () => Results.Text(Geteuid().ToString(System.Globalization.CultureInfo.InvariantCulture)));
// Doubles every number of the first input: enough to test request/response plumbing through the container.
app.MapPost("/v2/models/{name}/infer", async (HttpRequest request) =>
{
    var body = (await JsonNode.ParseAsync(request.Body))!;
    var data = body["inputs"]![0]!["data"]!.AsArray().Select(n => n!.GetValue<double>() * 2).ToArray();
    var output = new JsonObject { ["name"] = "doubled", ["datatype"] = "FP64", ["shape"] = new JsonArray(data.Length), ["data"] = new JsonArray(data.Select(d => (JsonNode)d).ToArray()) };
    return Results.Text(new JsonObject { ["outputs"] = new JsonArray(output) }.ToJsonString(), "application/json");
});
Console.WriteLine($"tiny-server listening on {host}:{port} as uid {Geteuid()}");
await app.RunAsync();
return 0;

string? Option(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

[DllImport("libc", EntryPoint = "geteuid")]
static extern uint Geteuid();
