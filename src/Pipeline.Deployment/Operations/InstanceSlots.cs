using System.Text.Json;
using Pipeline.Deployment.Targets;
using Pipeline.Registry.State;

namespace Pipeline.Deployment.Operations;

/// <summary>Maps running instances to the registry's deployment slots and back (details such as the log file go into DetailsJson).</summary>
internal static class InstanceSlots
{
    public static DeploymentSlot ToSlot(RunningInstance i, string role, double weight) => new()
    {
        Model = i.Model,
        Variant = role,
        Version = i.Version,
        Endpoint = i.Endpoint,
        Weight = weight,
        TargetKind = i.TargetKind,
        ProcessId = i.ProcessId,
        ContainerId = i.ContainerId,
        DetailsJson = JsonSerializer.Serialize(new Details(i.InternalEndpoint, i.LogFile, i.ContainerName, i.GrpcEndpoint, i.InternalGrpcEndpoint)),
    };

    public static RunningInstance ToInstance(DeploymentSlot s)
    {
        var d = JsonSerializer.Deserialize<Details>(s.DetailsJson) ?? new Details(null, null, null, null, null);
        return new RunningInstance
        {
            Model = s.Model,
            Role = s.Variant,
            Version = s.Version,
            Endpoint = s.Endpoint,
            InternalEndpoint = d.InternalEndpoint ?? s.Endpoint,
            GrpcEndpoint = d.GrpcEndpoint,
            InternalGrpcEndpoint = d.InternalGrpcEndpoint ?? d.GrpcEndpoint,
            TargetKind = s.TargetKind,
            ProcessId = s.ProcessId,
            ContainerId = s.ContainerId,
            ContainerName = d.ContainerName,
            LogFile = d.LogFile,
        };
    }

    private sealed record Details(string? InternalEndpoint, string? LogFile, string? ContainerName, string? GrpcEndpoint = null, string? InternalGrpcEndpoint = null);
}
