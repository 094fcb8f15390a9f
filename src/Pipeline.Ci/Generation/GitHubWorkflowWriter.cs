namespace Pipeline.Ci.Generation;

/// <summary>Writes a GitHub Actions workflow: one job per trigger, each running its targets through <c>./build.sh</c>.</summary>
internal static class GitHubWorkflowWriter
{
    public static string Write(GitHubActionsAttribute definition, CiGraph graph)
    {
        var jobs = CiJob.From(definition, graph);
        var setup = graph.Resolve(["Setup"], $"[GitHubActions(\"{definition.Name}\")] (the Docker engine step)")[0];
        var on = new YamlMap();
        foreach (var job in jobs)
            on.Add(job.PullRequest ? "pull_request" : "push", new YamlMap { { "branches", new YamlSeq(job.Branches) } });
        var permissions = new YamlMap();
        foreach (var p in definition.Permissions)
        {
            var parts = p.Split(':', 2, StringSplitOptions.TrimEntries);
            if (parts.Length != 2) throw new CiGenerationException($"[GitHubActions(\"{definition.Name}\")] permission \"{p}\" is not \"scope: level\", e.g. \"statuses: write\".");
            permissions.Add(parts[0], parts[1]);
        }

        var root = new YamlMap
        {
            { "name", definition.Name },
            { "on", on },
            { "permissions", permissions },
            { "concurrency", new YamlMap { { "group", "${{ github.workflow }}-${{ github.ref }}" }, { "cancel-in-progress", "${{ github.event_name == 'pull_request' }}" } } },
            { "env", new YamlMap { { "CI", "true" }, { "DOTNET_CLI_TELEMETRY_OPTOUT", "true" }, { "DOTNET_NOLOGO", "true" } } },
        };
        var jobMap = new YamlMap();
        foreach (var job in jobs) jobMap.Add(job.Id.Replace('_', '-'), Job(definition, job, setup));
        root.Add("jobs", jobMap);
        return YamlWriter.Write(root, CiGenerator.Header);
    }

    private static YamlMap Job(GitHubActionsAttribute definition, CiJob job, string setup)
    {
        var condition = job.PullRequest
            ? "github.event_name == 'pull_request'"
            : "github.event_name == 'push' && (" + string.Join(" || ", job.Branches.Select(b => $"github.ref == 'refs/heads/{b}'")) + ")";
        var steps = new YamlSeq
        {
            new YamlMap { { "name", "Checkout" }, { "uses", "actions/checkout@v4" } },
            new YamlMap { { "name", "Set up .NET (global.json)" }, { "uses", "actions/setup-dotnet@v4" }, { "with", new YamlMap { { "global-json-file", "global.json" } } } },
            Cache("Cache NuGet packages", "~/.nuget/packages", "nuget", "'global.json', 'Directory.Packages.props', '**/*.csproj'"),
            new YamlMap
            {
                { "name", $"Docker engine and test dependencies ({CiJob.Command(setup)})" },
                { "run", string.Join('\n',
                    "# .ci/install/*.sh install packages and start dockerd, so they run as root; the checkout is handed back afterwards.",
                    $"sudo env \"PATH=$PATH\" \"DOTNET_ROOT=${{DOTNET_ROOT:-}}\" CI=true {CiJob.Command(setup)}",
                    "sudo chown -R \"$(id -u):$(id -g)\" \"$GITHUB_WORKSPACE\"") + "\n" },
            },
        };
        foreach (var target in job.Targets)
        {
            var step = new YamlMap { { "name", CiJob.Command(target) }, { "id", CiJob.StepId(target) }, { "run", CiJob.Command(target) } };
            if (definition.ImportSecrets.Length > 0)
            {
                var env = new YamlMap();
                foreach (var secret in definition.ImportSecrets) env.Add(secret, $"${{{{ secrets.{secret} }}}}");
                step.Add("env", env);
            }
            steps.Add(step);
        }
        steps.Add(new YamlMap
        {
            { "name", "Upload reports and run manifests" },
            { "if", "always()" },
            { "uses", "actions/upload-artifact@v4" },
            { "with", new YamlMap
            {
                { "name", $"{definition.Name}-{job.Id.Replace('_', '-')}-${{{{ github.run_attempt }}}}" },
                { "path", string.Join('\n', definition.ArtifactPaths) + "\n" },
                { "if-no-files-found", "ignore" },
            } },
        });

        var map = new YamlMap
        {
            { "name", job.Title },
            { "if", condition },
            { "runs-on", definition.RunsOn },
            { "timeout-minutes", YamlScalar.Number(definition.TimeoutMinutes) },
        };
        if (definition.StepOutputs.Length > 0)
        {
            var outputs = new YamlMap();
            var last = CiJob.StepId(job.Targets[^1]);
            foreach (var spec in definition.StepOutputs)
            {
                var name = StepOutputSpec.Parse(spec).Name;
                outputs.Add(name, $"${{{{ steps.{last}.outputs.{name} }}}}");
            }
            map.Add("outputs", outputs);
        }
        map.Add("steps", steps);
        return map;
    }

    private static YamlMap Cache(string name, string path, string prefix, string files) => new()
    {
        { "name", name },
        { "uses", "actions/cache@v4" },
        { "with", new YamlMap
        {
            { "path", path },
            { "key", $"{prefix}-${{{{ runner.os }}}}-${{{{ hashFiles({files}) }}}}" },
            { "restore-keys", $"{prefix}-${{{{ runner.os }}}}-" },
        } },
    };
}
