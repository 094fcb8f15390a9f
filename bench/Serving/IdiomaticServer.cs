using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Pipeline.Bench.Serving;

/// <summary>
/// Baseline: the model server a .NET developer writes in about 60 lines. Minimal API with model binding of the V1 body,
/// Microsoft.ML.OnnxRuntime's <see cref="NamedOnnxValue"/> inputs built per request, the template's logging levels.
/// <c>--idiomatic model.onnx name tensorInput|- col1,col2,…</c>: with a tensor input the columns fill one [N, F] float tensor,
/// else every column is its own [N, 1] input named after it (float or string, as the model declares).
/// </summary>
internal static class IdiomaticServer
{
    public static async Task<int> RunAsync(string modelFile, string name, string tensorInput, string[] columns)
    {
        using var session = new InferenceSession(modelFile);
        var builder = WebApplication.CreateBuilder();
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);     // the template's appsettings.json
        builder.WebHost.ConfigureKestrel(k => k.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost($"/v1/models/{name}:predict", (PredictRequest request) =>
        {
            var rows = request.Instances.Count;
            var inputs = new List<NamedOnnxValue>();
            if (tensorInput != "-")
            {
                var tensor = new DenseTensor<float>([rows, columns.Length]);
                for (var r = 0; r < rows; r++)
                    for (var c = 0; c < columns.Length; c++) tensor[r, c] = Number(request.Instances[r][columns[c]]);
                inputs.Add(NamedOnnxValue.CreateFromTensor(tensorInput, tensor));
            }
            else
            {
                foreach (var (input, meta) in session.InputMetadata)
                {
                    if (meta.ElementType == typeof(string))
                    {
                        var tensor = new DenseTensor<string>([rows, 1]);
                        for (var r = 0; r < rows; r++) tensor[r, 0] = request.Instances[r][input].GetString() ?? "";
                        inputs.Add(NamedOnnxValue.CreateFromTensor(input, tensor));
                    }
                    else
                    {
                        var tensor = new DenseTensor<float>([rows, 1]);
                        for (var r = 0; r < rows; r++) tensor[r, 0] = Number(request.Instances[r][input]);
                        inputs.Add(NamedOnnxValue.CreateFromTensor(input, tensor));
                    }
                }
            }
            using var results = session.Run(inputs);
            var probability = results.First(v => v.Name == "probability").AsTensor<float>();
            var last = probability.Dimensions.Length == 2 && probability.Dimensions[1] == 2 ? 1 : 0;     // [N,2]: positive class
            var predictions = new float[rows];
            for (var r = 0; r < rows; r++) predictions[r] = probability.Dimensions.Length == 1 ? probability[r] : probability[r, last];
            return Results.Ok(new { predictions });
        });
        await app.StartAsync();
        Console.WriteLine($"{{\"event\":\"ready\",\"port\":{new Uri(app.Urls.First()).Port}}}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    private static float Number(JsonElement value) => value.ValueKind == JsonValueKind.Null ? float.NaN : value.GetSingle();

    internal sealed record PredictRequest(List<Dictionary<string, JsonElement>> Instances);
}
