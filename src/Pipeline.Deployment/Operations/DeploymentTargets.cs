using Pipeline.Deployment.Targets;

namespace Pipeline.Deployment.Operations;

/// <summary>The target new deployments use, plus every target by kind so instances started earlier elsewhere can still be stopped.</summary>
public sealed class DeploymentTargets(IDeploymentTarget primary, params IDeploymentTarget[] others)
{
    public IDeploymentTarget Primary => primary;

    public IDeploymentTarget? For(string kind) =>
        primary.Kind == kind ? primary : others.FirstOrDefault(t => t.Kind == kind);
}
