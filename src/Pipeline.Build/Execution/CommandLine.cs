namespace Pipeline.Build;

/// <summary>The parsed command line: targets, engine switches and parameter values (keyed by normalized name).</summary>
internal sealed record CommandLine(
    IReadOnlyList<string> Targets,
    bool Help,
    bool Plan,
    IReadOnlyList<string>? Skip,
    IReadOnlyDictionary<string, List<string>> Parameters)
{
    private static readonly string[] EngineSwitches = ["help", "h", "plan", "skip"];

    public static CommandLine Parse(IReadOnlyList<string> args, IReadOnlyList<ParameterDescriptor> parameters)
    {
        var targets = new List<string>();
        var values = new Dictionary<string, List<string>>();
        bool help = false, plan = false;
        List<string>? skip = null;
        var byKey = parameters.ToDictionary(p => ParameterNames.Normalize(p.Name));

        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith('-') || arg == "-")
            {
                targets.Add(arg);
                continue;
            }
            var name = arg.TrimStart('-');
            string? inline = null;
            var eq = name.IndexOf('=');
            if (eq >= 0)
            {
                inline = name[(eq + 1)..];
                name = name[..eq];
            }
            var key = ParameterNames.Normalize(name);
            switch (key)
            {
                case "help" or "h" or "?":
                    help = true;
                    continue;
                case "plan":
                    plan = true;
                    continue;
                case "skip":
                    skip ??= [];
                    if (inline is not null) skip.AddRange(inline.Split(',', StringSplitOptions.RemoveEmptyEntries));
                    else while (i + 1 < args.Count && !args[i + 1].StartsWith('-')) skip.Add(args[++i]);
                    continue;
            }
            if (!byKey.TryGetValue(key, out var parameter))
            {
                var known = parameters.Select(p => "--" + p.Name).Concat(EngineSwitches.Where(s => s != "h").Select(s => "--" + s));
                throw new BuildGraphException($"Unknown option {arg}. Known options: {string.Join(", ", known)}.");
            }
            var list = new List<string>();
            if (inline is not null) list.Add(inline);
            else if (parameter.IsArray)
                while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) list.Add(args[++i]);
            else if (parameter.IsFlag)
            {
                if (i + 1 < args.Count && bool.TryParse(args[i + 1], out _)) list.Add(args[++i]);
            }
            else if (i + 1 < args.Count && (!args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                list.Add(args[++i]);
            else
                throw new BuildGraphException($"Option {arg} needs a value of type {parameter.TypeName}, e.g. {arg} <value>.");
            if (values.TryGetValue(key, out var existing) && parameter.IsArray) existing.AddRange(list);
            else values[key] = list;
        }
        return new CommandLine(targets, help, plan, skip, values);
    }
}
