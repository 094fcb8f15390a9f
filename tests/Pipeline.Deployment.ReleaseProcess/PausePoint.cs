using System.Reflection;
using Pipeline.Registry;
using Pipeline.Registry.Events;

namespace Pipeline.Deployment.ReleaseProcess;

/// <summary>Wraps the registry so the release stops, alive and holding its lock, right after it records a chosen event; the test then SIGKILLs it.</summary>
/// <remarks>Matches the first change whose action is <see cref="Action"/> and whose evidence contains <see cref="Evidence"/>. The pause is
/// bounded: a process the test forgot exits by itself.</remarks>
public class PausePoint : DispatchProxy
{
    private IModelRegistry _inner = null!;
    private int _matched;

    public string Action { get; private set; } = "";
    public string Evidence { get; private set; } = "";
    public TimeSpan MaxPause { get; private set; }

    public static IModelRegistry Wrap(IModelRegistry inner, string action, string evidence, TimeSpan maxPause)
    {
        var proxy = Create<IModelRegistry, PausePoint>();
        var p = (PausePoint)(object)proxy;
        p._inner = inner;
        p.Action = action;
        p.Evidence = evidence;
        p.MaxPause = maxPause;
        return proxy;
    }

    protected override object? Invoke(MethodInfo? method, object?[]? args)
    {
        object? result;
        try
        {
            result = method!.Invoke(_inner, args);
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
        if (method.Name == nameof(IModelRegistry.ApplyAsync) && args is [DeploymentChange change, ..]
            && change.Action == Action && (change.EvidenceJson ?? "").Contains(Evidence, StringComparison.Ordinal)
            && Interlocked.Exchange(ref _matched, 1) == 0)
        {
            // Blocks only this caller (the release's judge loop); replay traffic and lease renewal go on, as in a process killed here.
            ((Task)result!).GetAwaiter().GetResult();
            Console.WriteLine($"PAUSED after {change.Action} {change.EvidenceJson}");
            Thread.Sleep(MaxPause);
            Console.WriteLine("PAUSE TIMED OUT: exiting");
            Environment.Exit(3);
        }
        return result;
    }
}
