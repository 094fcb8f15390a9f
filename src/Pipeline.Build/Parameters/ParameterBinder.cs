using System.Reflection;
using System.Text.Json;

namespace Pipeline.Build;

/// <summary>Finds the parameters of a build class and binds them: command line, then environment, then <c>.nuke/parameters.json</c>.</summary>
internal static class ParameterBinder
{
    private const BindingFlags Members = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    public static List<ParameterDescriptor> Discover(Type buildType)
    {
        var found = new List<ParameterDescriptor>();
        for (var type = buildType; type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var member in type.GetMembers(Members | BindingFlags.DeclaredOnly).OrderBy(m => m.MetadataToken))
            {
                if (member.GetCustomAttribute<ParameterAttribute>() is not { } attribute) continue;
                var valueType = member switch
                {
                    FieldInfo f => f.FieldType,
                    PropertyInfo p => p.PropertyType,
                    _ => throw new BuildGraphException($"[Parameter] on {member.Name}: only fields and properties can be parameters."),
                };
                if (!ValueConverter.IsSupported(valueType))
                    throw new BuildGraphException(
                        $"Parameter {member.Name} has type {valueType.Name}; supported are string, bool, int, long, double, enums and arrays of those.");
                found.Add(new ParameterDescriptor
                {
                    Member = member,
                    Name = attribute.Name ?? ParameterNames.ToKebabCase(member.Name),
                    Description = attribute.Description,
                    ValueType = valueType,
                    IsSecret = member.GetCustomAttribute<SecretAttribute>() is not null,
                    ExtraEnvironmentVariable = attribute.EnvironmentVariable,
                    Order = found.Count,
                });
            }
        }
        var reserved = found.FirstOrDefault(p => ParameterNames.Normalize(p.Name) is "help" or "h" or "plan" or "skip");
        if (reserved is not null)
            throw new BuildGraphException($"Parameter {reserved.MemberName} would be --{reserved.Name}, which the engine reserves (--help, --plan, --skip); rename it or set [Parameter(Name = ...)].");
        var duplicate = found.GroupBy(p => ParameterNames.Normalize(p.Name)).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
            throw new BuildGraphException(
                $"Parameter name --{duplicate.First().Name} is declared more than once ({string.Join(", ", duplicate.Select(p => p.MemberName))}); rename one or set [Parameter(Name = ...)].");
        return found;
    }

    public static void Bind(
        object build,
        IReadOnlyList<ParameterDescriptor> parameters,
        IReadOnlyDictionary<string, List<string>> commandLine,
        Func<string, string?> environment,
        string? parametersFile,
        SecretMasker masker,
        Action<string> warn)
    {
        var file = ReadParametersFile(parametersFile, parameters, warn);
        foreach (var p in parameters)
        {
            p.DefaultValue = p.GetValue(build);
            List<string>? values = null;
            var source = ParameterSource.Default;
            if (commandLine.TryGetValue(ParameterNames.Normalize(p.Name), out var cl))
            {
                values = cl;
                source = ParameterSource.CommandLine;
            }
            else if (environment(p.EnvironmentVariable) is { } env ||
                     (p.ExtraEnvironmentVariable is not null && (env = environment(p.ExtraEnvironmentVariable)!) is not null))
            {
                values = [env];
                source = ParameterSource.Environment;
            }
            else if (file.TryGetValue(ParameterNames.Normalize(p.Name), out var fromFile))
            {
                if (p.IsSecret)
                    throw new BuildGraphException(
                        $"Parameter --{p.Name} is a secret and must not be stored in .nuke/parameters.json; remove it there and set {p.EnvironmentVariable} instead.");
                values = fromFile;
                source = ParameterSource.ParametersFile;
            }

            if (values is null) continue;
            if (p.IsSecret)
                foreach (var v in values) masker.Add(v);
            // A connection string's password is a secret in any parameter (e.g. --registry "Host=…;Password=…").
            foreach (var v in values) ConnectionStringSecrets.AddTo(masker, v);
            var where = source switch
            {
                ParameterSource.CommandLine => "the command line",
                ParameterSource.Environment => "environment variable " + p.EnvironmentVariable,
                _ => ".nuke/parameters.json",
            };
            p.SetValue(build, ValueConverter.Convert(values, p.ValueType, p.Name, where, masker.Apply));
            p.Source = source;
        }
    }

    private static Dictionary<string, List<string>> ReadParametersFile(string? path, IReadOnlyList<ParameterDescriptor> parameters, Action<string> warn)
    {
        var result = new Dictionary<string, List<string>>();
        if (path is null || !File.Exists(path)) return result;
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new BuildGraphException($"{path}: not valid JSON ({e.Message}). Fix the file or reset it to {{}}.");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
                throw new BuildGraphException($"{path}: expected a JSON object of parameter names to values, found {doc.RootElement.ValueKind}.");
            var known = parameters.Select(p => ParameterNames.Normalize(p.Name)).ToHashSet();
            foreach (var property in doc.RootElement.EnumerateObject())
            {
                if (property.Name.StartsWith('$')) continue;
                var key = ParameterNames.Normalize(property.Name);
                if (!known.Contains(key))
                {
                    warn($"{path}: \"{property.Name}\" is not a parameter of this build; it is ignored.");
                    continue;
                }
                result[key] = property.Value.ValueKind switch
                {
                    JsonValueKind.Array => property.Value.EnumerateArray().Select(Text).ToList(),
                    JsonValueKind.Null => [],
                    _ => [Text(property.Value)],
                };
            }
        }
        return result;
    }

    private static string Text(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString()!,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => e.GetRawText(),
    };
}
