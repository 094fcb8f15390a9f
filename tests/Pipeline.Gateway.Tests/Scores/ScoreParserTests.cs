using System.Text;
using Pipeline.Gateway.Scores;

namespace Pipeline.Gateway.Tests.Scores;

public sealed class ScoreParserTests
{
    [Theory]
    [InlineData("""{"outputs":[{"name":"label","datatype":"INT64","shape":[2],"data":[0,1]},{"name":"probability","datatype":"FP32","shape":[2,2],"data":[0.9,0.1,0.2,0.8]}]}""", "0.1,0.8")]
    [InlineData("""{"outputs":[{"name":"score","datatype":"FP32","shape":[2,1],"data":[[0.3],[0.4]]}]}""", "0.3,0.4")]
    [InlineData("""{"predictions":[0.5,0.25]}""", "0.5,0.25")]
    [InlineData("""{"predictions":[[0.9,0.1]]}""", "0.1")]
    [InlineData("""{"predictions":[{"label":1,"probability":0.7}]}""", "0.7")]
    [InlineData("""{"error":"bad input"}""", "")]
    [InlineData("""not json""", "")]
    public void Parse_KnownShapes_PositiveClassProbability(string json, string expected)
    {
        var scores = ScoreParser.Parse(Encoding.UTF8.GetBytes(json));
        Assert.Equal(expected, string.Join(",", scores.Select(s => s.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
