using System.Text;

namespace Pipeline.Testing.Fuzzing;

/// <summary>Request bodies for fuzz tests from a seeded <see cref="Random"/>: random bytes, and valid bodies with bytes flipped,
/// cut short, spliced, numbers made huge or non-finite, values nulled, and nesting made deep.</summary>
public sealed class MutatedBodies(Random random, IReadOnlyList<string> validBodies)
{
    private static readonly string[] Replacements =
        ["null", "1e309", "-1e309", "\"NaN\"", "NaN", "Infinity", "17.99", "true", "[]", "{}", "\"\"", "-0", "1e38", "99999999999999999999", "\"\\u0000\""];

    /// <summary>The next body and a short name of how it was made (for assertion messages).</summary>
    public (byte[] Body, string How) Next()
    {
        var valid = validBodies[random.Next(validBodies.Count)];
        switch (random.Next(8))
        {
            case 0:
                var bytes = new byte[random.Next(0, 2048)];
                random.NextBytes(bytes);
                return (bytes, "random bytes");
            case 1:
                var flipped = Encoding.UTF8.GetBytes(valid);
                for (var i = random.Next(1, 8); i > 0; i--) flipped[random.Next(flipped.Length)] = (byte)random.Next(256);
                return (flipped, "bytes flipped");
            case 2:
                return (Encoding.UTF8.GetBytes(valid[..random.Next(valid.Length)]), "cut short");
            case 3:
                var other = validBodies[random.Next(validBodies.Count)];
                var splice = valid[..random.Next(valid.Length)] + other[random.Next(other.Length)..];
                return (Encoding.UTF8.GetBytes(splice), "spliced");
            case 4:
                return (Encoding.UTF8.GetBytes(ReplaceValue(valid)), "value replaced");
            case 5:
                var depth = random.Next(10, 5000);
                return (Encoding.UTF8.GetBytes(new string('[', depth) + new string(']', depth)), "deep nesting");
            case 6:
                return (Encoding.UTF8.GetBytes(valid.Replace("[", "[" + Replacements[random.Next(Replacements.Length)] + ",", StringComparison.Ordinal)), "values inserted");
            default:
                return (Encoding.UTF8.GetBytes(valid), "valid");
        }
    }

    /// <summary>Replaces one scalar value (the text after a ':' or ',' up to the next delimiter) with an awkward one.</summary>
    private string ReplaceValue(string json)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            var start = random.Next(json.Length);
            var colon = json.IndexOfAny([':', ','], start);
            if (colon < 0) continue;
            var end = json.IndexOfAny([',', '}', ']'], colon + 1);
            if (end < 0) continue;
            return json[..(colon + 1)] + Replacements[random.Next(Replacements.Length)] + json[end..];
        }
        return json;
    }
}
