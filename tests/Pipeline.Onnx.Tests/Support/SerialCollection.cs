namespace Pipeline.Onnx.Tests.Support;

/// <summary>Tests that measure the whole process (RSS, allocation) run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "serial (process-wide measurements)";
}
