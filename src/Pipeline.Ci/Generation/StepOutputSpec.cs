namespace Pipeline.Ci.Generation;

/// <summary>Parses <c>name=Target/output</c> (an output's digest) or <c>name=Target</c> (the target's outcome).</summary>
public static class StepOutputSpec
{
    public static (string Name, string Target, string? Output) Parse(string spec)
    {
        var eq = spec.IndexOf('=');
        if (eq <= 0 || eq == spec.Length - 1)
            throw new CiGenerationException($"Step output \"{spec}\" is not name=Target/output or name=Target, e.g. model-digest=Train/model.");
        var name = spec[..eq].Trim();
        var rest = spec[(eq + 1)..].Trim();
        var slash = rest.IndexOf('/');
        return slash < 0 ? (name, rest, null) : (name, rest[..slash], rest[(slash + 1)..]);
    }
}
