namespace Pipeline.Build;

/// <summary>One run: discover the graph, bind parameters, then show help, show the plan, or execute it.</summary>
internal static partial class BuildEngine
{
    public static BuildResult Run<T>(BuildInvocation invocation, SecretMasker masker) where T : NukeBuild, new()
    {
        var console = new BuildConsole(invocation.Out, invocation.Error, masker, invocation.Interactive);
        var previous = Log.Current;
        Log.Current = console;
        try
        {
            return RunCore<T>(invocation, masker, console);
        }
        finally
        {
            console.Out.Flush();
            console.Error.Flush();
            Log.Current = previous;
        }
    }

    private static BuildResult RunCore<T>(BuildInvocation invocation, SecretMasker masker, BuildConsole console) where T : NukeBuild, new()
    {
        var root = Path.GetFullPath(invocation.RootDirectory);
        var build = new T();
        TargetGraph graph;
        List<ParameterDescriptor> parameters;
        CommandLine commandLine;
        try
        {
            parameters = ParameterBinder.Discover(typeof(T));
            commandLine = CommandLine.Parse(invocation.Arguments, parameters);
            // Secrets given on the command line are known before anything can print them.
            foreach (var p in parameters.Where(p => p.IsSecret))
            {
                if (commandLine.Parameters.TryGetValue(ParameterNames.Normalize(p.Name), out var v)) v.ForEach(masker.Add);
                masker.Add(invocation.Environment(p.EnvironmentVariable));
                if (p.ExtraEnvironmentVariable is not null) masker.Add(invocation.Environment(p.ExtraEnvironmentVariable));
            }
            ParameterBinder.Bind(build, parameters, commandLine.Parameters, invocation.Environment,
                Path.Combine(root, ".nuke", "parameters.json"), masker, console.Warning);
            graph = TargetGraph.Discover(build);
            graph.EnsureAcyclic();
        }
        catch (BuildGraphException e)
        {
            console.ErrorLine(e.Message);
            return new BuildResult(2, null, build);
        }

        if (invocation.WriteSchema) WriteSchema(root, graph, parameters, console);

        if (commandLine.Help || (commandLine.Targets.Count == 0 && !commandLine.Plan))
        {
            HelpWriter.Write(console.Out, graph, parameters, build, masker, invocation.DefaultTarget);
            return new BuildResult(0, null, build);
        }

        ExecutionPlan plan;
        try
        {
            var targets = commandLine.Targets.Count > 0 ? commandLine.Targets
                : invocation.DefaultTarget is not null ? [invocation.DefaultTarget]
                : throw new BuildGraphException("--plan needs a target, e.g. ./build.sh --plan DeployCanary.");
            plan = ExecutionPlanner.Create(graph, targets, commandLine.Skip);
            if (commandLine.Plan)
            {
                console.Out.Write(PlanWriter.Text(graph, plan));
                var mermaid = PlanWriter.WriteMermaid(root, graph, plan);
                console.Out.WriteLine($"Mermaid graph: {Path.GetRelativePath(root, mermaid)}");
                return new BuildResult(0, null, build);
            }
            CheckRequirements(plan, parameters, build);
        }
        catch (BuildGraphException e)
        {
            console.ErrorLine(e.Message);
            return new BuildResult(2, null, build);
        }

        return Execute(invocation, masker, console, root, build, graph, plan, parameters, commandLine.Parameters);
    }

    private static void CheckRequirements(ExecutionPlan plan, IReadOnlyList<ParameterDescriptor> parameters, NukeBuild build)
    {
        var missing = new List<string>();
        foreach (var target in plan.Targets.Where(t => !plan.Skipped.Contains(t)))
        {
            foreach (var requirement in target.Requirements)
            {
                var body = requirement.Body is System.Linq.Expressions.UnaryExpression u ? u.Operand : requirement.Body;
                var member = (body as System.Linq.Expressions.MemberExpression)?.Member.Name ?? requirement.Body.ToString();
                var value = requirement.Compile()();
                if (value is null or "" || value is Array { Length: 0 })
                {
                    var p = parameters.FirstOrDefault(x => x.MemberName == member);
                    missing.Add(p is null
                        ? $"Target {target.Name} requires {member} to have a value."
                        : $"Target {target.Name} requires parameter --{p.Name}: pass --{p.Name} <{p.TypeName}>, set {p.EnvironmentVariable}" +
                          (p.IsSecret ? "." : ", or add \"" + p.MemberName + "\" to .nuke/parameters.json."));
                }
            }
        }
        if (missing.Count > 0) throw new BuildGraphException(string.Join(Environment.NewLine, missing));
    }

    private static void WriteSchema(string root, TargetGraph graph, IReadOnlyList<ParameterDescriptor> parameters, BuildConsole console)
    {
        try
        {
            var path = Path.Combine(root, ".nuke", "build.schema.json");
            var schema = SchemaWriter.Generate(graph, parameters);
            if (!File.Exists(path) || File.ReadAllText(path) != schema) AtomicFile.WriteAllText(path, schema);
        }
        catch (IOException e)
        {
            console.Warning($"Could not update .nuke/build.schema.json: {e.Message}");
        }
    }
}
