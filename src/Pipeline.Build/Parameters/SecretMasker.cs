namespace Pipeline.Build;

/// <summary>Replaces every known secret value with <c>***</c> in any text the engine prints or writes.</summary>
public sealed class SecretMasker
{
    public const string Mask = "***";
    public const int MinimumLength = 3;
    private readonly List<string> _secrets = [];
    private readonly Lock _gate = new();

    public void Add(string? secret)
    {
        // One- and two-character values would blank out ordinary text everywhere; they are still shown as *** in parameter listings.
        if (secret is null || secret.Trim().Length < MinimumLength) return;
        lock (_gate)
        {
            if (_secrets.Contains(secret)) return;
            _secrets.Add(secret);
            // Longest first, so a secret containing another is masked whole.
            _secrets.Sort((a, b) => b.Length.CompareTo(a.Length));
        }
    }

    public bool HasSecrets { get { lock (_gate) return _secrets.Count > 0; } }

    /// <summary>Returns <paramref name="text"/> with every secret replaced by <c>***</c>.</summary>
    public string Apply(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        lock (_gate)
        {
            foreach (var s in _secrets)
                text = text.Replace(s, Mask, StringComparison.Ordinal);
        }
        return text;
    }
}
