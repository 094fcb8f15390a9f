namespace Pipeline.Ci.Generation;

/// <summary>One generated job: a trigger (pull request or push) and the targets it invokes, validated against the graph.</summary>
internal sealed record CiJob(string Id, bool PullRequest, IReadOnlyList<string> Branches, IReadOnlyList<string> Targets)
{
    /// <summary>The last invoked target, which names the job (e.g. <c>BenchmarkGate (pull request)</c>).</summary>
    public string Title => $"{Targets[^1]} ({(PullRequest ? "pull request" : string.Join(", ", Branches))})";

    public static IReadOnlyList<CiJob> From(CiDefinitionAttribute definition, CiGraph graph)
    {
        var where = $"[{definition.GetType().Name.Replace("Attribute", "", StringComparison.Ordinal)}(\"{definition.Name}\")]";
        var jobs = new List<CiJob>();
        if (definition.PullRequestTargets.Length > 0)
            jobs.Add(new CiJob("pull_request", true, definition.OnPullRequestBranches,
                graph.Resolve(definition.PullRequestTargets, where + " PullRequestTargets")));
        if (definition.PushTargets.Length > 0)
            jobs.Add(new CiJob("push", false, definition.OnPushBranches, graph.Resolve(definition.PushTargets, where + " PushTargets")));
        if (jobs.Count == 0)
            throw new CiGenerationException($"{where} invokes no targets; set PullRequestTargets and/or PushTargets.");
        foreach (var output in definition.StepOutputs)
        {
            var (_, target, _, _) = StepOutputSpec.Parse(output);
            graph.Resolve([target], where + $" StepOutputs \"{output}\"");
        }
        return jobs;
    }

    /// <summary>The command a step runs; the same as the README's, e.g. <c>./build.sh DeployCanary</c>.</summary>
    public static string Command(string target) => $"./build.sh {target}";

    /// <summary>Step id/name for a target: lower-case letters and digits, e.g. <c>deploycanary</c>.</summary>
    public static string StepId(string target) => new(target.Where(char.IsAsciiLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
