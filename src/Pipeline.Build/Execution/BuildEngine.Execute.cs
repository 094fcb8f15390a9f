using System.Diagnostics;
using System.Reflection;
using Pipeline.Core.Verdicts;

namespace Pipeline.Build;

internal static partial class BuildEngine
{
    private static BuildResult Execute(BuildInvocation invocation, SecretMasker masker, BuildConsole console, string root,
        NukeBuild build, TargetGraph graph, ExecutionPlan plan, IReadOnlyList<ParameterDescriptor> parameters,
        IReadOnlyDictionary<string, List<string>> commandLineParameters)
    {
        var time = invocation.Time;
        var started = time.GetUtcNow();
        var runId = $"{started.UtcDateTime:yyyyMMdd'T'HHmmss'.'fff'Z'}-{invocation.Random.Next(0x1000000):x6}";
        var artifacts = invocation.Environment("PIPELINE_ARTIFACTS") is { Length: > 0 } custom
            ? Path.GetFullPath(custom, root)
            : Path.Combine(root, ".artifacts");
        var store = new ArtifactStore(artifacts);
        var session = new BuildSession
        {
            RootDirectory = root,
            Store = store,
            Manifests = new ManifestStore(store, masker),
            Masker = masker,
            Console = console,
            RunId = runId,
            IsServerBuild = BuildHost.IsTrue(invocation.Environment("CI")),
            InvokedTargets = plan.Invoked.Select(t => t.Name).ToList(),
            SkippedTargets = plan.Skipped.Select(t => t.Name).ToHashSet(StringComparer.OrdinalIgnoreCase),
            Time = time,
            CancellationToken = invocation.CancellationToken,
            Invocation = invocation,
            CommandLineParameters = commandLineParameters,
        };
        build.Session = session;
        var (commit, dirty) = invocation.ReadGit ? GitInfo.Read(root) : (null, false);
        var parameterValues = parameters.ToDictionary(p => p.Name, p => Display(p, p.GetValue(build)) is { } shown ? masker.Apply(shown) : null);
        var force = parameters.FirstOrDefault(p => p.Name == "force")?.GetValue(build) is true;
        session.Verbose = parameters.FirstOrDefault(p => p.Name == "verbose")?.GetValue(build) is true;

        var records = new Dictionary<TargetDefinition, TargetRecord>();
        foreach (var t in plan.Targets) records[t] = new TargetRecord { Name = t.Name, Status = TargetStatus.NotRun };
        RunManifest Manifest(string outcome, DateTimeOffset? finished) => new()
        {
            RunId = runId,
            StartedAt = started,
            FinishedAt = finished,
            GitCommit = commit,
            GitDirty = dirty,
            InvokedTargets = session.InvokedTargets,
            Scope = session.Scope,
            Parameters = parameterValues,
            Targets = plan.Targets.Select(t => records[t]).ToList(),
            Outcome = outcome,
        };

        List<IVerdictSink> sinks;
        try
        {
            session.Scope = build.ArtifactScope;
            build.OnBuildInitialized();
            sinks = build.VerdictSinks.Concat(DiscoverSinks(build)).Distinct().ToList();
        }
        catch (Exception e)
        {
            console.ErrorLine($"Build initialisation failed: {masker.Apply(e is Pipeline.Core.Errors.UserInputException ? e.Message : e.ToString())}");
            return new BuildResult(1, null, build);
        }

        try
        {
            foreach (var target in plan.Targets)
            {
                records[target] = RunTarget(target, session, build, graph, plan, records, sinks, force);
                session.Manifests.Write(Manifest("Running", null));
            }
        }
        finally
        {
            build.OnBuildFinished();
        }

        var failed = records.Values.Any(r => r.Status == TargetStatus.Failed);
        var manifest = Manifest(failed ? "Failed" : "Succeeded", time.GetUtcNow());
        session.Manifests.Write(manifest);
        console.Render(SummaryTable.Build(manifest, masker));
        console.Line($"Run {runId}: {manifest.Outcome} — manifest {Path.GetRelativePath(root, session.Manifests.PathOf(runId))}");
        foreach (var sink in sinks)
        {
            try
            {
                sink.OnRunFinished(manifest);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                console.Warning($"Verdict sink {sink.GetType().Name} failed at the end of the run: {masker.Apply(e.Message)}");
            }
        }
        foreach (var line in session.Epilogue.Lines) console.Out.WriteLine(line);
        return new BuildResult(failed ? session.FailureExitCode ?? 1 : 0, manifest, build);
    }

    private static TargetRecord RunTarget(TargetDefinition target, BuildSession session, NukeBuild build, TargetGraph graph,
        ExecutionPlan plan, Dictionary<TargetDefinition, TargetRecord> records, IReadOnlyList<IVerdictSink> sinks, bool force)
    {
        var console = session.Console;
        if (plan.Skipped.Contains(target))
            return new TargetRecord { Name = target.Name, Status = TargetStatus.Skipped, Note = "skipped (--skip)" };
        var blocker = graph.BlockersOf(target).FirstOrDefault(b => records.TryGetValue(b, out var r) &&
                                                                   (r.Status == TargetStatus.Failed || (r.Status == TargetStatus.NotRun && r.Note is not null)));
        if (blocker is not null)
            return new TargetRecord { Name = target.Name, Status = TargetStatus.NotRun, Note = $"{blocker.Name} did not succeed" };
        if (session.CancellationToken.IsCancellationRequested)
            return new TargetRecord { Name = target.Name, Status = TargetStatus.NotRun, Note = "cancelled" };

        console.Header(target.DescriptionText is null ? target.Name : $"{target.Name} — {target.DescriptionText}");
        foreach (var sink in sinks)
        {
            try
            {
                sink.OnTargetStarted(target.Name);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                console.Warning($"{target.Name}: verdict sink {sink.GetType().Name} failed at the target's start: {session.Masker.Apply(e.Message)}");
            }
        }
        var clock = Stopwatch.StartNew();
        var context = new TargetContext(session, build, target.Name, sinks);
        string? fingerprint = null;
        InputRecord? inputs = null;
        try
        {
            if (target.Conditions.Any(c => !c()))
                return new TargetRecord { Name = target.Name, Status = TargetStatus.Skipped, Note = "condition false" };

            if (target.InputsFactory is not null)
            {
                var declared = target.InputsFactory(context);
                inputs = Fingerprint.Record(declared, session.RootDirectory, Upstream(target, declared, context, graph, records));
                fingerprint = Fingerprint.Compute(target.Name, inputs);
                if (!force && FindReusable(session, target.Name, fingerprint) is { } earlier)
                {
                    foreach (var (name, artifact) in earlier.Record.Outputs) context.Output(name, artifact);
                    console.Line($"{target.Name} is up to date (fingerprint {fingerprint[7..19]}, run {earlier.RunId}); outputs reused.");
                    return new TargetRecord
                    {
                        Name = target.Name, Status = TargetStatus.UpToDate, DurationSeconds = clock.Elapsed.TotalSeconds,
                        Fingerprint = fingerprint, Inputs = inputs, Outputs = Copy(context.Outputs),
                        Note = earlier.Record.Note is null ? "up to date" : $"up to date: {earlier.Record.Note}",
                        ReusedFromRun = earlier.RunId,
                    };
                }
            }

            foreach (var action in target.Actions)
            {
                session.CancellationToken.ThrowIfCancellationRequested();
                action(context).GetAwaiter().GetResult();
            }
            return new TargetRecord
            {
                Name = target.Name, Status = TargetStatus.Succeeded, DurationSeconds = clock.Elapsed.TotalSeconds,
                Fingerprint = fingerprint, Inputs = inputs, Outputs = Copy(context.Outputs), Note = JoinNotes(context.Notes, session.Masker),
            };
        }
        catch (Exception raw)
        {
            var e = raw is AggregateException { InnerExceptions.Count: 1 } a ? a.InnerException! : raw;
            if (e is TargetInvocationException { InnerException: { } inner }) e = inner;
            string note;
            if (e is GateFailedException gate)
            {
                note = $"gate failed: {VerdictTable.FailureNote(gate.Verdict)}";
                session.FailureExitCode ??= gate.ExitCode;
                console.ErrorLine($"{target.Name}: {e.Message}");
            }
            else if (e is Pipeline.Core.Errors.UserInputException or FileNotFoundException or DirectoryNotFoundException)
            {
                // A user's mistake: the message names the thing, the rule and the fix; a stack trace would only bury it.
                note = FirstLine(e.Message);
                console.ErrorLine($"{target.Name} failed: {e.Message}");
            }
            else
            {
                note = e is OperationCanceledException ? "cancelled" : FirstLine(e.Message);
                session.FailureExitCode ??= 1;
                console.ErrorLine($"{target.Name} failed: {e}");
            }
            return new TargetRecord
            {
                Name = target.Name, Status = TargetStatus.Failed, DurationSeconds = clock.Elapsed.TotalSeconds,
                Fingerprint = fingerprint, Inputs = inputs, Outputs = Copy(context.Outputs),
                Note = session.Masker.Apply(string.Join("; ", context.Notes.Append(note))),
            };
        }
    }

    /// <summary>Declared upstream artifacts plus, implicitly, every dependency's fingerprint and outputs, so a change upstream invalidates dependents.</summary>
    private static List<UpstreamInput> Upstream(TargetDefinition target, TargetInputs declared, TargetContext context, TargetGraph graph,
        Dictionary<TargetDefinition, TargetRecord> records)
    {
        var result = new List<UpstreamInput>();
        foreach (var (t, name, output) in declared.UpstreamOutputs)
        {
            var upstreamName = t is not null ? graph.Resolve(t, target, "Inputs.Upstream").Name : graph.Get(name!).Name;
            result.Add(new UpstreamInput(upstreamName, output, context.Upstream(upstreamName, output).Digest));
        }
        foreach (var dependency in graph.DependenciesOf(target))
        {
            if (!records.TryGetValue(dependency, out var r) || r.Status is not (TargetStatus.Succeeded or TargetStatus.UpToDate)) continue;
            if (r.Fingerprint is not null) result.Add(new UpstreamInput(dependency.Name, "*", r.Fingerprint));
            foreach (var (output, artifact) in r.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal))
                result.Add(new UpstreamInput(dependency.Name, output, artifact.Digest));
        }
        return result.Distinct().ToList();
    }

    private static (string RunId, TargetRecord Record)? FindReusable(BuildSession session, string target, string fingerprint)
    {
        foreach (var run in session.Manifests.ReadAll())
        {
            if (run.RunId == session.RunId || !session.SameScope(run)) continue;
            var record = run.Targets.FirstOrDefault(r => string.Equals(r.Name, target, StringComparison.OrdinalIgnoreCase) &&
                                                        r.Fingerprint == fingerprint &&
                                                        r.Status is TargetStatus.Succeeded or TargetStatus.UpToDate);
            if (record is not null && record.Outputs.Values.All(session.Store.Exists))
                return (record.ReusedFromRun ?? run.RunId, record);
        }
        return null;
    }

    private static IEnumerable<IVerdictSink> DiscoverSinks(NukeBuild build)
    {
        const BindingFlags flags = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        for (var type = build.GetType(); type is not null && type != typeof(NukeBuild); type = type.BaseType)
        {
            foreach (var p in type.GetProperties(flags | BindingFlags.DeclaredOnly).Where(p => typeof(IVerdictSink).IsAssignableFrom(p.PropertyType) && p.GetIndexParameters().Length == 0))
                if (p.GetValue(build) is IVerdictSink sink) yield return sink;
            foreach (var f in type.GetFields(flags | BindingFlags.DeclaredOnly).Where(f => typeof(IVerdictSink).IsAssignableFrom(f.FieldType)))
                if (f.GetValue(build) is IVerdictSink sink) yield return sink;
        }
    }

    private static Dictionary<string, ArtifactRef> Copy(IReadOnlyDictionary<string, ArtifactRef> outputs) => outputs.ToDictionary(o => o.Key, o => o.Value);

    private static string? JoinNotes(IReadOnlyList<string> notes, SecretMasker masker) => notes.Count == 0 ? null : masker.Apply(string.Join("; ", notes));

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    internal static string? Display(ParameterDescriptor p, object? value) => value switch
    {
        null => null,
        _ when p.IsSecret => SecretMasker.Mask,
        Array { Length: 0 } => "(empty)",
        Array a => string.Join(",", a.Cast<object?>()),
        bool b => b ? "true" : "false",
        IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };
}
