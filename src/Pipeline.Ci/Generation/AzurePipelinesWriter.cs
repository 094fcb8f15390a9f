namespace Pipeline.Ci.Generation;

/// <summary>Writes an Azure Pipelines definition: the same jobs, caches, Setup step, targets and artifacts as the GitHub workflow.</summary>
internal static class AzurePipelinesWriter
{
    public static string Write(AzurePipelinesAttribute definition, CiGraph graph)
    {
        var jobs = CiJob.From(definition, graph);
        var setup = graph.Resolve(["Setup"], $"[AzurePipelines(\"{definition.Name}\")] (the Docker engine step)")[0];
        var push = jobs.FirstOrDefault(j => !j.PullRequest);
        var pr = jobs.FirstOrDefault(j => j.PullRequest);
        var root = new YamlMap
        {
            { "trigger", push is null ? "none" : new YamlMap { { "branches", new YamlMap { { "include", new YamlSeq(push.Branches) } } } } },
            { "pr", pr is null ? "none" : new YamlMap { { "branches", new YamlMap { { "include", new YamlSeq(pr.Branches) } } } } },
            { "pool", new YamlMap { { "vmImage", definition.VmImage } } },
            { "variables", new YamlMap
            {
                { "CI", "true" },
                { "DOTNET_CLI_TELEMETRY_OPTOUT", "true" },
                { "DOTNET_NOLOGO", "true" },
                // Cache@2 restores into the workspace; the ONNX Runtime locator follows XDG_CACHE_HOME.
                { "NUGET_PACKAGES", "$(Pipeline.Workspace)/.nuget/packages" },
                { "XDG_CACHE_HOME", "$(Pipeline.Workspace)/.cache" },
            } },
        };
        var jobList = new YamlSeq();
        foreach (var job in jobs) jobList.Add(Job(definition, job, setup));
        root.Add("jobs", jobList);
        return YamlWriter.Write(root, CiGenerator.Header);
    }

    private static YamlMap Job(AzurePipelinesAttribute definition, CiJob job, string setup)
    {
        var condition = job.PullRequest
            ? "eq(variables['Build.Reason'], 'PullRequest')"
            : "and(ne(variables['Build.Reason'], 'PullRequest'), " +
              (job.Branches.Count == 1 ? Branch(job.Branches[0]) : "or(" + string.Join(", ", job.Branches.Select(Branch)) + ")") + ")";
        var staging = "$(Build.ArtifactStagingDirectory)/pipeline";
        var steps = new YamlSeq
        {
            new YamlMap { { "checkout", "self" } },
            new YamlMap { { "task", "UseDotNet@2" }, { "displayName", "Set up .NET (global.json)" }, { "inputs", new YamlMap { { "useGlobalJson", YamlScalar.Boolean(true) } } } },
            Cache("Cache NuGet packages", "nuget | \"$(Agent.OS)\" | global.json,Directory.Packages.props,**/*.csproj", "nuget | \"$(Agent.OS)\"", "$(NUGET_PACKAGES)"),
            new YamlMap
            {
                { "script", string.Join('\n',
                    "# .ci/install/*.sh install packages and start dockerd, so they run as root; the checkout is handed back afterwards.",
                    $"sudo env \"PATH=$PATH\" \"DOTNET_ROOT=${{DOTNET_ROOT:-}}\" CI=true {CiJob.Command(setup)}",
                    "sudo chown -R \"$(id -u):$(id -g)\" \"$(Build.SourcesDirectory)\"") + "\n" },
                { "displayName", $"Docker engine and test dependencies ({CiJob.Command(setup)})" },
            },
        };
        foreach (var target in job.Targets)
            steps.Add(new YamlMap { { "script", CiJob.Command(target) }, { "displayName", CiJob.Command(target) }, { "name", CiJob.StepId(target) } });
        steps.Add(new YamlMap
        {
            { "script", string.Join('\n',
                $"mkdir -p \"{staging}\"",
                $"for d in {string.Join(' ', definition.ArtifactPaths)}; do",
                $"  if [ -d \"$d\" ]; then cp -r --parents \"$d\" \"{staging}/\"; fi",
                "done") + "\n" },
            { "displayName", "Collect reports and run manifests" },
            { "condition", "always()" },
        });
        steps.Add(new YamlMap
        {
            { "task", "PublishPipelineArtifact@1" },
            { "displayName", "Upload reports and run manifests" },
            { "condition", "always()" },
            { "inputs", new YamlMap { { "targetPath", staging }, { "artifact", $"{definition.Name}-{job.Id}-$(System.JobAttempt)" } } },
        });
        return new YamlMap
        {
            { "job", job.Id },
            { "displayName", job.Title },
            { "condition", condition },
            { "timeoutInMinutes", YamlScalar.Number(definition.TimeoutMinutes) },
            { "steps", steps },
        };
    }

    private static string Branch(string branch) => $"eq(variables['Build.SourceBranch'], 'refs/heads/{branch}')";

    private static YamlMap Cache(string name, string key, string restoreKeys, string path) => new()
    {
        { "task", "Cache@2" },
        { "displayName", name },
        { "inputs", new YamlMap { { "key", key }, { "restoreKeys", restoreKeys }, { "path", path } } },
    };
}
