namespace Pipeline.Build;

/// <summary>A parameter read only from the command line or environment and masked as <c>***</c> in every output.</summary>
[AttributeUsage(AttributeTargets.Field | AttributeTargets.Property)]
public sealed class SecretAttribute : Attribute;
