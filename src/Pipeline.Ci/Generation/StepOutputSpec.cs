namespace Pipeline.Ci.Generation;

/// <summary>
/// Parses <c>name=Target/output</c> (the output's digest), <c>name=Target/output#property</c> (a top-level property of the
/// output's JSON, e.g. the image digest PackageImage records) or <c>name=Target</c> (the target's outcome).
/// </summary>
public static class StepOutputSpec
{
    public static (string Name, string Target, string? Output, string? Property) Parse(string spec)
    {
        var eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1)
            throw new CiGenerationException($"Step output \"{spec}\" is not name=Target/output[#property] or name=Target, e.g. model-digest=Train/model.");
        var name = spec[..eq].Trim();
        var rest = spec[(eq + 1)..].Trim();
        var slash = rest.IndexOf('/');
        if (slash < 0) return (name, rest, null, null);
        var output = rest[(slash + 1)..];
        var hash = output.IndexOf('#');
        return hash < 0 ? (name, rest[..slash], output, null) : (name, rest[..slash], output[..hash], output[(hash + 1)..]);
    }
}
