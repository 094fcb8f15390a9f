namespace Pipeline.Protocol.V1;

/// <summary>One column a V1 row gives: its name, and whether it is categorical (a string) rather than numeric.</summary>
public readonly record struct InstanceColumn(string Name, bool Categorical);
