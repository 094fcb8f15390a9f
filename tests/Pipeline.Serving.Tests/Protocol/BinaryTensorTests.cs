using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Features;
using Pipeline.Protocol.Rest;
using Pipeline.Protocol.Tensors;
using Pipeline.Serving.Tests.Support;

namespace Pipeline.Serving.Tests.Protocol;

/// <summary>Issue 25: the binary tensor data extension of the Open Inference Protocol v2 (raw little-endian tensors after a JSON header
/// of Inference-Header-Content-Length bytes; BYTES as 4-byte length + bytes), and the exact answers the specification asks for.</summary>
public sealed class BinaryTensorTests : IAsyncLifetime
{
    private const string Infer = "/v2/models/fraud-detector/infer";
    private RunningServer _server = null!;

    public async Task InitializeAsync() => _server = await RunningServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    /// <summary>The rows as the model's inputs: FP32 per numeric column, BYTES per categorical one, [N, 1] each.</summary>
    private static List<Tensor> Inputs(FeatureBatch rows) =>
    [
        .. rows.Numeric.Select(kv => Tensor.Of(kv.Key, kv.Value, rows.Rows, 1)),
        .. rows.Categorical.Select(kv => Tensor.Of(kv.Key, (Array)kv.Value.Select(v => Encoding.UTF8.GetBytes(v ?? "")).ToArray(), rows.Rows, 1)),
    ];

    private async Task<(HttpResponseMessage Response, byte[] Body)> PostAsync(byte[] body, int? headerLength, string path = Infer)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        if (headerLength is { } h) content.Headers.TryAddWithoutValidation(InferenceHeader.ContentLength, h.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var response = await _server.Client.PostAsync(path, content);
        return (response, await response.Content.ReadAsByteArrayAsync());
    }

    private static InferResponse Decode(HttpResponseMessage response, byte[] body)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {Encoding.UTF8.GetString(body)}");
        var header = response.Headers.TryGetValues(InferenceHeader.ContentLength, out var v) ? v.Single()
            : response.Content.Headers.TryGetValues(InferenceHeader.ContentLength, out var c) ? c.Single() : null;
        var decoded = InferenceJson.ReadResponse(body, header);
        Assert.True(decoded.Ok, string.Join("; ", decoded.Problems));
        return decoded.Value!;
    }

    private async Task<float[]> JsonScoresAsync(FeatureBatch rows)
    {
        var (body, _) = InferenceJson.WriteRequest(new InferRequest { Inputs = Inputs(rows) }, binaryInputs: false);
        var (response, answer) = await PostAsync(body, null);
        return (float[])Decode(response, answer).Outputs.Single().Data;
    }

    [Fact]
    public async Task Infer_BinaryInputsAndOutputs_SameScoresAsJsonWithDeclaredShape()
    {
        var rows = TestModels.Rows(7);
        var (body, header) = InferenceJson.WriteRequest(new InferRequest { Id = "bin-1", Inputs = Inputs(rows) }, binaryInputs: true, binaryOutputs: true);

        var (response, answer) = await PostAsync(body, header);

        var decoded = Decode(response, answer);
        Assert.True(response.Headers.Contains(InferenceHeader.ContentLength) || response.Content.Headers.Contains(InferenceHeader.ContentLength));
        var output = decoded.Outputs.Single();
        Assert.Equal(("probability", "FP32"), (output.Name, output.Datatype));
        Assert.Equal([7L, 1L], output.Shape);
        Assert.Equal("bin-1", decoded.Id);
        Assert.Equal(await JsonScoresAsync(rows), (float[])output.Data);
    }

    [Fact]
    public async Task Infer_MixedJsonAndBinaryInt64BoolBytes_SameScoresAsAllFp32Json()
    {
        var rows = TestModels.Rows(4);
        rows.Numeric["hour"] = [0, 5, 13, 23];
        rows.Numeric["txn_count_1h"] = [0, 1, 1, 0];
        var inputs = Inputs(rows).Select(t => t.Name switch
        {
            "hour" => Tensor.Of("hour", (Array)new long[] { 0, 5, 13, 23 }, 4, 1),
            "txn_count_1h" => Tensor.Of("txn_count_1h", (Array)new[] { false, true, true, false }, 4, 1),
            _ => t,
        }).ToList();
        // hour (INT64), txn_count_1h (BOOL) and country (BYTES) travel binary, the rest as JSON in the same request.
        string[] binaryNames = ["hour", "txn_count_1h", "country"];
        var body = MixedBody(inputs, binaryNames, out var header);

        var (response, answer) = await PostAsync(body, header);

        var output = Decode(response, answer).Outputs.Single();
        Assert.Equal([4L, 1L], output.Shape);
        Assert.Equal(await JsonScoresAsync(rows), (float[])output.Data);
    }

    /// <summary>A hand-framed body: JSON header with data for some inputs and binary_data_size for the others, then their raw bytes.</summary>
    private static byte[] MixedBody(List<Tensor> inputs, string[] binaryNames, out int header)
    {
        var json = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(json))
        {
            w.WriteStartObject();
            w.WriteStartArray("inputs");
            foreach (var t in inputs)
            {
                w.WriteStartObject();
                w.WriteString("name", t.Name);
                w.WriteString("datatype", t.Datatype);
                w.WriteStartArray("shape");
                foreach (var d in t.Shape) w.WriteNumberValue(d);
                w.WriteEndArray();
                if (binaryNames.Contains(t.Name))
                {
                    w.WriteStartObject("parameters");
                    w.WriteNumber("binary_data_size", TensorElements.BinarySize(t));
                    w.WriteEndObject();
                }
                else
                {
                    w.WritePropertyName("data");
                    TensorElements.WriteJson(w, t.Data);
                }
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        header = json.WrittenCount;
        foreach (var t in inputs.Where(t => binaryNames.Contains(t.Name))) TensorElements.WriteBinary(json, t);
        return json.WrittenSpan.ToArray();
    }

    [Fact]
    public async Task Infer_BinaryOutputPerRequestedOutput_OthersStayJson()
    {
        var rows = TestModels.Rows(3);
        var asked = new InferRequest { Inputs = Inputs(rows), Outputs = [new RequestedOutput("probability", Binary: true)] };
        var (body, _) = InferenceJson.WriteRequest(asked, binaryInputs: false);
        var (response, answer) = await PostAsync(body, null);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var header = int.Parse(response.Headers.GetValues(InferenceHeader.ContentLength).Single(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(answer.Length - 3 * 4, header);
        Assert.Equal(await JsonScoresAsync(rows), (float[])Decode(response, answer).Outputs.Single().Data);

        // Asked in JSON: no header, data inline, shape [N, 1], unknown parameters ignored.
        var plain = Encoding.UTF8.GetString(InferenceJson.WriteRequest(new InferRequest { Inputs = Inputs(rows) }, false).Body)
            .Replace("{\"inputs\"", "{\"parameters\":{\"priority\":3,\"x\":\"y\"},\"inputs\"", StringComparison.Ordinal);
        var json = await _server.PostJsonAsync(Infer, plain);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.False(json.Headers.Contains(InferenceHeader.ContentLength));
        var output = JsonDocument.Parse(await json.Content.ReadAsStringAsync()).RootElement.GetProperty("outputs")[0];
        Assert.Equal("[3,1]", output.GetProperty("shape").GetRawText());
        Assert.Equal(3, output.GetProperty("data").GetArrayLength());
    }

    public static TheoryData<string, string?, string, string> Malformed() => new()
    {
        // case, header value, body transformation, fragment the 400 must name
        { "header not a number", "abc", "binary", "Inference-Header-Content-Length" },
        { "header past the body", "99999", "binary", "body has only" },
        { "binary size past the end", null, "truncated", "binary bytes are left" },
        { "bytes nobody accounts for", null, "trailing", "no tensor's binary_data_size accounts for" },
        { "FP32 size not the shape's", null, "short-fp32", "need 4 bytes per element = 8" },
        { "BYTES length past its tensor", null, "bad-bytes-length", "BYTES element 0 declares" },
        { "binary without the header", "none", "binary", "Inference-Header-Content-Length" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public async Task Infer_MalformedBinary_400NamingTheProblem(string name, string? headerValue, string shape, string fragment)
    {
        var rows = TestModels.Rows(2);
        var (body, header) = InferenceJson.WriteRequest(new InferRequest { Inputs = Inputs(rows) }, binaryInputs: true);
        var json = Encoding.UTF8.GetString(body, 0, header!.Value);
        switch (shape)
        {
            case "truncated": body = body[..^3]; break;
            case "trailing": body = [.. body, 1, 2, 3]; break;
            case "short-fp32":
                json = json.Replace("\"name\":\"amount\",\"datatype\":\"FP32\",\"shape\":[2,1],\"parameters\":{\"binary_data_size\":8}",
                    "\"name\":\"amount\",\"datatype\":\"FP32\",\"shape\":[2,1],\"parameters\":{\"binary_data_size\":7}", StringComparison.Ordinal);
                body = [.. Encoding.UTF8.GetBytes(json), .. body.AsSpan(header.Value + 1)];
                header = Encoding.UTF8.GetByteCount(json);
                break;
            case "bad-bytes-length":
                var at = header.Value + rows.Numeric.Count * 2 * 4;   // first BYTES tensor's first length prefix
                body[at] = 200;
                break;
        }
        var sent = headerValue switch { null => header!.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), "none" => null, _ => headerValue };
        using var content = new ByteArrayContent(body);
        if (sent is not null) content.Headers.TryAddWithoutValidation(InferenceHeader.ContentLength, sent);
        var response = await _server.Client.PostAsync(Infer, content);

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(fragment, JsonDocument.Parse(text).RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task ServerMetadata_ListsBinaryExtension_AndModelOutputShapeIsNBy1()
    {
        var server = JsonDocument.Parse(await _server.Client.GetStringAsync("/v2")).RootElement;
        Assert.Contains("binary_tensor_data", server.GetProperty("extensions").EnumerateArray().Select(e => e.GetString()));
        var model = JsonDocument.Parse(await _server.Client.GetStringAsync("/v2/models/fraud-detector/versions/7")).RootElement;
        Assert.Equal("[-1,1]", model.GetProperty("outputs")[0].GetProperty("shape").GetRawText());
    }

    [Fact]
    public async Task Infer_VersionRouteWithBinary_AndWrongVersion404Json()
    {
        var (body, header) = InferenceJson.WriteRequest(new InferRequest { Inputs = Inputs(TestModels.Rows(1)) }, binaryInputs: true, binaryOutputs: true);
        var (ok, answer) = await PostAsync(body, header, "/v2/models/fraud-detector/versions/7/infer");
        Assert.Equal([1L, 1L], Decode(ok, answer).Outputs.Single().Shape);
        var (missing, error) = await PostAsync(body, header, "/v2/models/fraud-detector/versions/8/infer");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("application/json", missing.Content.Headers.ContentType?.MediaType);
        Assert.Contains("version '8'", JsonDocument.Parse(error).RootElement.GetProperty("error").GetString());
    }
}
