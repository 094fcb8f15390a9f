namespace Pipeline.Build;

/// <summary>A build target: a property of the build class that configures its definition, as in NUKE.</summary>
public delegate ITargetDefinition Target(ITargetDefinition _);
