using System.Runtime.CompilerServices;

namespace Pipeline.Registry.Tests.Support;

/// <summary>Verify-shaped text snapshots: &lt;Class&gt;.&lt;Method&gt;.verified.txt beside the test; a .received.txt is written on mismatch.</summary>
internal static class Snapshot
{
    public static void Verify(string actual, string className, [CallerFilePath] string testFile = "", [CallerMemberName] string method = "")
    {
        var directory = Path.GetDirectoryName(testFile)!;
        var verified = Path.Combine(directory, $"{className}.{method}.verified.txt");
        var received = Path.Combine(directory, $"{className}.{method}.received.txt");
        var expected = File.Exists(verified) ? File.ReadAllText(verified) : null;
        if (expected == actual)
        {
            File.Delete(received);
            return;
        }
        File.WriteAllText(received, actual);
        Assert.Fail(expected is null
            ? $"No snapshot yet: review {received} and rename it to {Path.GetFileName(verified)}."
            : $"Snapshot differs: compare {received} with {verified}; if the change is intended, rename received to verified.");
    }
}
