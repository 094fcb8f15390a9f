using System.Text;
using Pipeline.Core.Features;
using Pipeline.Serving.Model;
using Pipeline.Serving.Protocol;
using Pipeline.Serving.Tests.Support;
using Xunit;

namespace Pipeline.Serving.Tests.Protocol;

/// <summary>The one-pass V1 reader must read exactly what the document reader reads, and step aside whenever there is something to explain.</summary>
public sealed class V1FastReaderTests
{
    private static readonly ServedModel Model = ServedModel.From(TestModels.Mapping, "fraud-detector", "1", "stable");

    [Fact]
    public void Reads_the_same_rows_as_the_document_reader_on_varied_well_formed_bodies()
    {
        var random = new Random(5);
        for (var i = 0; i < 300; i++)
        {
            var body = Encoding.UTF8.GetBytes(RandomBody(random, rows: random.Next(1, 6)));
            var fast = V1PredictReader.For(Model).TryReadFast(body, maxRows: 100);
            var thorough = V1PredictReader.ReadDocument(body, Model, maxRows: 100);
            Assert.True(thorough.Ok, Encoding.UTF8.GetString(body));
            Assert.NotNull(fast);
            AssertSame(thorough.Batch!, fast!, Encoding.UTF8.GetString(body));
        }
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"instances\": []}")]
    [InlineData("{\"rows\": []}")]
    [InlineData("{\"instances\": {}}")]
    [InlineData("{\"instances\": [1]}")]
    [InlineData("{\"instances\": [{\"amount\": \"ten\"}]}")]
    [InlineData("{\"instances\": [{\"amount\": 1}]}")]                       // columns missing
    [InlineData("{\"instances\": [{}]} trailing")]
    public void Steps_aside_on_anything_that_needs_an_explanation(string json)
    {
        Assert.Null(V1PredictReader.For(Model).TryReadFast(Encoding.UTF8.GetBytes(json), maxRows: 100));
        Assert.False(V1PredictReader.Read(Encoding.UTF8.GetBytes(json), Model, 100).Ok);
    }

    [Fact]
    public void Steps_aside_when_there_are_more_rows_than_allowed()
    {
        var body = Encoding.UTF8.GetBytes(RandomBody(new Random(1), rows: 3));
        Assert.Null(V1PredictReader.For(Model).TryReadFast(body, maxRows: 2));
        var result = V1PredictReader.Read(body, Model, 2);
        Assert.Contains(result.Errors, e => e.Field == "instances" && e.Problem.Contains("more than the limit of 2"));
    }

    private static string RandomBody(Random random, int rows)
    {
        var sb = new StringBuilder("{");
        if (random.Next(3) == 0) sb.Append("\"parameters\": {\"a\": [1, {\"b\": null}]}, ");
        sb.Append("\"instances\": [");
        for (var r = 0; r < rows; r++)
        {
            if (r > 0) sb.Append(", ");
            var fields = new List<string>();
            foreach (var c in TestModels.Numeric)
            {
                fields.Add(random.Next(8) switch
                {
                    0 => $"\"{c}\": null",
                    1 => $"\"{c}\": true",
                    2 => $"\"{c}\": 1.5e3",
                    _ => $"\"{c}\": {Math.Round(random.NextDouble() * 1000 - 100, 3).ToString(System.Globalization.CultureInfo.InvariantCulture)}",
                });
            }
            foreach (var c in TestModels.Categorical)
            {
                fields.Add(random.Next(7) switch
                {
                    0 => $"\"{c}\": null",
                    1 => $"\"{c}\": false",
                    2 => $"\"{c}\": 42",
                    3 => $"\"{c}\": \"caf\\u00e9\"",
                    _ => $"\"{c}\": \"{(random.Next(2) == 0 ? "US" : "grocery")}\"",
                });
            }
            if (random.Next(3) == 0) fields.Add("\"extra\": [1, 2, {\"x\": \"y\"}]");
            if (random.Next(2) == 0) fields.Reverse();
            sb.Append('{').Append(string.Join(", ", fields)).Append('}');
        }
        return sb.Append("]}").ToString();
    }

    private static void AssertSame(FeatureBatch expected, FeatureBatch actual, string body)
    {
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(expected.Numeric.Keys.Order(), actual.Numeric.Keys.Order());
        Assert.Equal(expected.Categorical.Keys.Order(), actual.Categorical.Keys.Order());
        foreach (var (name, values) in expected.Numeric) Assert.True(values.SequenceEqual(actual.Numeric[name]), $"{name} differs for {body}");
        foreach (var (name, values) in expected.Categorical) Assert.True(values.SequenceEqual(actual.Categorical[name]), $"{name} differs for {body}");
    }
}
