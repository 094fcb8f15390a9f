using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;

namespace Pipeline.Bench.Serving;

/// <summary>
/// Baseline: the same ~60-line server written for speed. One row per request; inputs and output are <see cref="OrtValue"/>s
/// allocated once per thread over pinned buffers (strings set in place), the body is read from the pipe with
/// <see cref="Utf8JsonReader"/> straight into them, the answer written into the response pipe. Arguments as <see cref="IdiomaticServer"/>.
/// </summary>
internal static class OptimisedServer
{
    [ThreadStatic] private static Workspace? t_workspace;

    public static async Task<int> RunAsync(string modelFile, string name, string tensorInput, string[] columns)
    {
        using var session = new InferenceSession(modelFile);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => { k.AddServerHeader = false; k.Listen(System.Net.IPAddress.Loopback, 0); });
        var app = builder.Build();
        app.MapPost($"/v1/models/{name}:predict", async (HttpContext ctx) =>
        {
            ReadResult read;
            while (!(read = await ctx.Request.BodyReader.ReadAsync()).IsCompleted) ctx.Request.BodyReader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            var score = (t_workspace ??= new Workspace(session, tensorInput, columns)).Score(read.Buffer);
            ctx.Request.BodyReader.AdvanceTo(read.Buffer.End);
            var answer = new byte[64];
            "{\"predictions\":["u8.CopyTo(answer);
            Utf8Formatter.TryFormat(score, answer.AsSpan(16), out var n);
            "]}"u8.CopyTo(answer.AsSpan(16 + n));
            ctx.Response.ContentType = "application/json";
            ctx.Response.ContentLength = 18 + n;
            await ctx.Response.BodyWriter.WriteAsync(answer.AsMemory(0, 18 + n));
        });
        await app.StartAsync();
        Console.WriteLine($"{{\"event\":\"ready\",\"port\":{new Uri(app.Urls.First()).Port}}}");
        await app.WaitForShutdownAsync();
        return 0;
    }

    /// <summary>One thread's pre-allocated inputs and output for one row.</summary>
    private sealed class Workspace
    {
        private readonly InferenceSession _session;
        private readonly RunOptions _run = new();
        private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _slot;     // column → tensor slot or input, or −1 − string input
        private readonly float[] _floats;
        private readonly OrtValue[] _inputs, _strings;
        private readonly string[] _inputNames, _outputNames = ["probability"];
        private readonly float[] _output;
        private readonly OrtValue[] _outputs;

        public Workspace(InferenceSession session, string tensorInput, string[] columns)
        {
            _session = session;
            var slots = new Dictionary<string, int>();
            if (tensorInput != "-")
            {
                _floats = new float[columns.Length];
                for (var c = 0; c < columns.Length; c++) slots[columns[c]] = c;
                _inputs = [OrtValue.CreateTensorValueFromMemory(_floats, [1, columns.Length])];
                _inputNames = [tensorInput];
                _strings = [];
            }
            else
            {
                var meta = session.InputMetadata.ToArray();
                _inputNames = meta.Select(m => m.Key).ToArray();
                _floats = [];
                _strings = new OrtValue[meta.Length];
                _inputs = new OrtValue[meta.Length];
                for (var i = 0; i < meta.Length; i++)
                {
                    var text = meta[i].Value.ElementType == typeof(string);
                    slots[meta[i].Key] = text ? -1 - i : i;
                    _inputs[i] = text ? _strings[i] = OrtValue.CreateTensorWithEmptyStrings(OrtAllocator.DefaultInstance, [1, 1])
                        : OrtValue.CreateTensorValueFromMemory(new float[1], [1, 1]);
                }
            }
            _slot = slots.GetAlternateLookup<ReadOnlySpan<char>>();
            var dims = session.OutputMetadata["probability"].Dimensions;
            _output = new float[dims.Length == 2 ? dims[1] : 1];
            _outputs = [OrtValue.CreateTensorValueFromMemory(_output, dims.Length == 2 ? [1, dims[1]] : [1])];
        }

        public float Score(ReadOnlySequence<byte> body)
        {
            var json = new Utf8JsonReader(body);
            Span<char> name = stackalloc char[128];
            while (json.Read())
            {
                if (json.TokenType != JsonTokenType.PropertyName || json.CurrentDepth != 3) continue;
                var length = json.CopyString(name);
                json.Read();
                if (!_slot.TryGetValue(name[..length], out var slot)) continue;
                if (slot < 0) _strings[-1 - slot].StringTensorSetElementAt(json.ValueSpan, 0);
                else if (_strings.Length == 0) _floats[slot] = json.TokenType == JsonTokenType.Null ? float.NaN : json.GetSingle();
                else _inputs[slot].GetTensorMutableDataAsSpan<float>()[0] = json.TokenType == JsonTokenType.Null ? float.NaN : json.GetSingle();
            }
            _session.Run(_run, _inputNames, _inputs, _outputNames, _outputs);
            return _output[^1];
        }
    }
}
