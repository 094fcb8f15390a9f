using Pipeline.Core.Errors;

namespace Pipeline.Build;

/// <summary>
/// One run at a time for a scope on this machine (e.g. one release of a model): an exclusive OS lock on
/// <c>.artifacts/locks/&lt;scope&gt;.lock</c>, released when the run ends or its process dies, so a killed run never leaves it behind.
/// </summary>
public sealed class RunLock : IDisposable
{
    private readonly FileStream _stream;
    private readonly string _holderFile;

    private RunLock(FileStream stream, string holderFile)
    {
        _stream = stream;
        _holderFile = holderFile;
    }

    /// <summary>Takes the lock or throws naming the run that holds it and what to do.</summary>
    public static RunLock Acquire(string directory, string scope, string holder, string what)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, scope + ".lock");
        var holderFile = path + ".holder";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(holderFile, holder);
            return new RunLock(stream, holderFile);
        }
        catch (IOException)
        {
            var current = File.Exists(holderFile) ? File.ReadAllText(holderFile).Trim() : "another run";
            throw new UserInputException(
                $"{what} of {scope} is already running on this machine ({current}); two at once would benchmark and deploy against each other. " +
                "Fix: wait for it to finish (./build.sh Status shows it), or stop it; the lock goes with its process.");
        }
    }

    public void Dispose()
    {
        try
        {
            File.Delete(_holderFile);
        }
        catch (IOException)
        {
        }
        _stream.Dispose();
    }
}
