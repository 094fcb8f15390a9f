using Pipeline.Core.Errors;

namespace Pipeline.Core.Models;

/// <summary>One model digest end to end: each stage checks that what it is handed is the model the gates judged.</summary>
public static class ModelIdentity
{
    /// <summary>Throws, naming both digests and their sources, when <paramref name="actual"/> is not <paramref name="expected"/>.</summary>
    public static void Require(string stage, string expectedSource, string expected, string actualSource, string actual)
    {
        if (string.Equals(Normalize(expected), Normalize(actual), StringComparison.OrdinalIgnoreCase)) return;
        throw new ModelMismatchException(
            $"{stage} refuses: {actualSource} is model {Short(actual)}, but {expectedSource} is model {Short(expected)}. " +
            "Every stage must handle the one model the gates judged; re-run the graph for this model (./build.sh <target> --model <model>) so each stage sees the same model.");
    }

    private static string Normalize(string digest) => digest.StartsWith("sha256:", StringComparison.OrdinalIgnoreCase) ? digest[7..] : digest;

    private static string Short(string digest) => "sha256:" + (Normalize(digest) is var hex && hex.Length > 12 ? hex[..12] : Normalize(digest));
}

/// <summary>A stage was handed another model than the one the gates judged.</summary>
public sealed class ModelMismatchException(string message) : UserInputException(message);
