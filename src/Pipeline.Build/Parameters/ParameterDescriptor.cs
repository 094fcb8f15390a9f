using System.Reflection;

namespace Pipeline.Build;

/// <summary>One parameter member of the build class, and the value it was bound to.</summary>
internal sealed class ParameterDescriptor
{
    public required MemberInfo Member { get; init; }
    public required string Name { get; init; }
    public required string? Description { get; init; }
    public required Type ValueType { get; init; }
    public required bool IsSecret { get; init; }
    public required string? ExtraEnvironmentVariable { get; init; }
    public required int Order { get; init; }
    public object? DefaultValue { get; set; }
    public ParameterSource Source { get; set; } = ParameterSource.Default;

    /// <summary>Member name, e.g. <c>GitHubToken</c>.</summary>
    public string MemberName => Member.Name;

    public string EnvironmentVariable => "PIPELINE_" + Name.Replace('-', '_').ToUpperInvariant();

    public Type UnderlyingType => Nullable.GetUnderlyingType(ValueType) ?? ValueType;

    public bool IsFlag => UnderlyingType == typeof(bool);

    public bool IsArray => ValueType.IsArray;

    public string TypeName => ValueConverter.Describe(ValueType);

    public object? GetValue(object build) => Member switch
    {
        FieldInfo f => f.GetValue(build),
        PropertyInfo p => p.GetValue(build),
        _ => null,
    };

    public void SetValue(object build, object? value)
    {
        switch (Member)
        {
            case FieldInfo f:
                f.SetValue(build, value);
                break;
            case PropertyInfo p when p.SetMethod is not null:
                p.SetValue(build, value);
                break;
            case PropertyInfo p:
                var backing = p.DeclaringType!.GetField($"<{p.Name}>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)
                    ?? throw new BuildGraphException($"Parameter {p.Name} is a property without a setter or auto-property backing field; make it a field or give it a setter.");
                backing.SetValue(build, value);
                break;
        }
    }
}
