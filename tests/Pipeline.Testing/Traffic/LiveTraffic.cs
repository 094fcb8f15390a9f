using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Features;

namespace Pipeline.Testing.Traffic;

/// <summary>
/// Production-like traffic for a served model: every row its own V1 request with its id as <c>x-request-id</c>, then the true
/// outcomes fed back in batches. Used by the monitoring tests (straight to a server or through the gateway) and by the graph's
/// retraining-loop test (through a deployed gateway).
/// </summary>
public static class LiveTraffic
{
    /// <summary>Sends every row of <paramref name="rows"/> as its own V1 request, 8 at a time; any non-success answer fails.</summary>
    public static async Task SendAsync(HttpClient client, string model, FeatureBatch rows, IReadOnlyList<string> ids)
    {
        await Parallel.ForEachAsync(Enumerable.Range(0, rows.Rows), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"v1/models/{model}:predict") { Content = new StringContent(V1Row(rows, i), Encoding.UTF8, "application/json") };
            request.Headers.Add("x-request-id", ids[i]);
            using var response = await client.SendAsync(request, ct);
            if (!response.IsSuccessStatusCode) throw new InvalidOperationException($"predict {ids[i]}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        });
    }

    /// <summary>Posts the binary outcomes (label &gt; 0.5 → 1) to <paramref name="path"/> in batches; returns each batch's parsed answer.</summary>
    public static async Task<IReadOnlyList<JsonElement>> FeedbackAsync(HttpClient client, string path, IReadOnlyList<string> ids, IReadOnlyList<float> labels, int batchSize = 200)
    {
        var answers = new List<JsonElement>();
        for (var start = 0; start < ids.Count; start += batchSize)
        {
            var items = Enumerable.Range(start, Math.Min(batchSize, ids.Count - start)).Select(i => $"{{\"id\":\"{ids[i]}\",\"label\":{(labels[i] > 0.5f ? 1 : 0)}}}");
            using var response = await client.PostAsync(path, new StringContent("[" + string.Join(",", items) + "]", Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            using var doc = JsonDocument.Parse(text);
            answers.Add(doc.RootElement.Clone());
        }
        return answers;
    }

    /// <summary>Request ids <c>t</c> + nine digits from <paramref name="first"/>: valid, new transaction ids for the generator's contract.</summary>
    public static string[] Ids(int rows, long first) =>
        Enumerable.Range(0, rows).Select(i => "t" + (first + i).ToString("D9", CultureInfo.InvariantCulture)).ToArray();

    /// <summary>One row as a V1 body.</summary>
    public static string V1Row(FeatureBatch rows, int r) => AppendInstance(new StringBuilder("{\"instances\":["), rows, r).Append("]}").ToString();

    /// <summary>Appends row <paramref name="r"/> as one V1 instance object: numeric features (NaN → null), then categorical ones (JSON-escaped).</summary>
    public static StringBuilder AppendInstance(StringBuilder sb, FeatureBatch rows, int r)
    {
        sb.Append('{');
        var first = true;
        foreach (var (name, values) in rows.Numeric)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append('"').Append(name).Append("\":").Append(float.IsNaN(values[r]) ? "null" : values[r].ToString("R", CultureInfo.InvariantCulture));
        }
        foreach (var (name, values) in rows.Categorical)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append('"').Append(name).Append("\":");
            if (values[r] is null) sb.Append("null");
            else sb.Append('"').Append(JsonEncodedText.Encode(values[r]!).ToString()).Append('"');
        }
        return sb.Append('}');
    }
}
