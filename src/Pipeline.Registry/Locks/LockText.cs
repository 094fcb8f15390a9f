namespace Pipeline.Registry.Locks;

/// <summary>Wording shared by lock messages.</summary>
internal static class LockText
{
    public static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    public static string UnlockCommand(string model) => $"./build.sh Unlock --model {model}";

    public static string Refused(LockStatus current) => current.IsStale
        ? $"Model {current.Model} is locked by a stale deployment: {current.Describe()}. "
          + $"Break the lock with `{UnlockCommand(current.Model)}` and run again."
        : $"Model {current.Model} is being deployed by another run: {current.Describe()}. "
          + $"Wait for that run to finish; if it is gone, break the lock with `{UnlockCommand(current.Model)} --force`.";
}
