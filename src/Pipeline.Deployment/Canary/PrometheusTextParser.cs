using System.Globalization;
using System.Text;

namespace Pipeline.Deployment.Canary;

/// <summary>Parses the Prometheus text exposition format (0.0.4): what a scraper reads from a <c>/metrics</c> endpoint.</summary>
public static class PrometheusTextParser
{
    public static IReadOnlyList<PrometheusSample> Parse(string text)
    {
        var samples = new List<PrometheusSample>();
        var lineNumber = 0;
        foreach (var raw in text.Split('\n'))
        {
            lineNumber++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            samples.Add(ParseLine(line, lineNumber));
        }
        return samples;
    }

    private static PrometheusSample ParseLine(string line, int lineNumber)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < line.Length && line[i] != '{' && line[i] != ' ' && line[i] != '\t') i++;
        var name = line[..i];
        if (i < line.Length && line[i] == '{')
        {
            i++;
            while (i < line.Length && line[i] != '}')
            {
                var eq = line.IndexOf('=', i);
                if (eq < 0 || eq + 1 >= line.Length || line[eq + 1] != '"') throw Bad(line, lineNumber, "label without =\"value\"");
                var key = line[i..eq].Trim().TrimStart(',').Trim();
                var value = new StringBuilder();
                var j = eq + 2;
                for (; j < line.Length && line[j] != '"'; j++)
                {
                    if (line[j] == '\\' && j + 1 < line.Length)
                    {
                        j++;
                        value.Append(line[j] == 'n' ? '\n' : line[j]);
                    }
                    else value.Append(line[j]);
                }
                if (j >= line.Length) throw Bad(line, lineNumber, "unterminated label value");
                labels[key] = value.ToString();
                i = j + 1;
                while (i < line.Length && (line[i] == ',' || line[i] == ' ')) i++;
            }
            if (i >= line.Length) throw Bad(line, lineNumber, "missing }");
            i++;
        }
        var rest = line[i..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (rest.Length == 0) throw Bad(line, lineNumber, "missing value");
        var number = rest[0] switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            "NaN" => double.NaN,
            var v when double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
            _ => throw Bad(line, lineNumber, $"value '{rest[0]}' is not a number"),
        };
        return new PrometheusSample(name, labels, number);
    }

    private static FormatException Bad(string line, int lineNumber, string why) =>
        new($"metrics line {lineNumber} is not Prometheus text format ({why}): {line}");
}
