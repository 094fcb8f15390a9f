namespace Pipeline.Deployment.Tests.Support;

/// <summary>The model server a process-target watchdog runs: a slot's pid is the watchdog's, and killing "the server" means killing its child.</summary>
public static class WatchdogChild
{
    public static int Of(int watchdog)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid)) continue;
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == watchdog && fields[0] != "Z") return pid;
            }
            catch (IOException)
            {
            }
        }
        throw new InvalidOperationException($"watchdog {watchdog} runs no server");
    }
}
