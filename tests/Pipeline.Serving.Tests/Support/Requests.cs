using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Features;

namespace Pipeline.Serving.Tests.Support;

/// <summary>Request bodies for the V1 and V2 protocols built from rows.</summary>
public static class Requests
{
    public static string V1(FeatureBatch rows)
    {
        var sb = new StringBuilder("{\"instances\":[");
        for (var r = 0; r < rows.Rows; r++)
        {
            if (r > 0) sb.Append(',');
            Pipeline.Testing.Traffic.LiveTraffic.AppendInstance(sb, rows, r);
        }
        return sb.Append("]}").ToString();
    }

    public static string V2(FeatureBatch rows, string? id = null)
    {
        var sb = new StringBuilder("{");
        if (id is not null) sb.Append("\"id\":\"").Append(id).Append("\",");
        sb.Append("\"inputs\":[");
        var first = true;
        foreach (var (name, values) in rows.Numeric)
        {
            if (!first) sb.Append(',');
            first = false;
            sb.Append($"{{\"name\":\"{name}\",\"shape\":[{rows.Rows},1],\"datatype\":\"FP32\",\"data\":[")
              .Append(string.Join(',', values.Select(v => float.IsNaN(v) ? "null" : v.ToString("R", CultureInfo.InvariantCulture)))).Append("]}");
        }
        foreach (var (name, values) in rows.Categorical)
            sb.Append($",{{\"name\":\"{name}\",\"shape\":[{rows.Rows},1],\"datatype\":\"BYTES\",\"data\":[")
              .Append(string.Join(',', values.Select(v => JsonSerializer.Serialize(v ?? "", TestJson.Default.String)))).Append("]}");
        return sb.Append("]}").ToString();
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(string))]
internal sealed partial class TestJson : System.Text.Json.Serialization.JsonSerializerContext;
