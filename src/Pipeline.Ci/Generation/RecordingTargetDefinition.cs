using System.Linq.Expressions;
using Pipeline.Build;

namespace Pipeline.Ci.Generation;

/// <summary>Collects what a target property declares without running anything: its description and dependencies.</summary>
internal sealed class RecordingTargetDefinition : ITargetDefinition
{
    public string? DescriptionText { get; private set; }
    public List<Target> DependsOnTargets { get; } = [];

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }
    public ITargetDefinition DependsOn(params Target[] targets) { DependsOnTargets.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) => this;
    public ITargetDefinition Before(params Target[] targets) => this;
    public ITargetDefinition Triggers(params Target[] targets) => this;
    public ITargetDefinition TriggeredBy(params Target[] targets) => this;
    public ITargetDefinition OnlyWhenDynamic(params Func<bool>[] conditions) => this;
    public ITargetDefinition Requires(params Expression<Func<object?>>[] parameters) => this;
    public ITargetDefinition Inputs(Func<TargetContext, TargetInputs> inputs) => this;
    public ITargetDefinition Executes(Action action) => this;
    public ITargetDefinition Executes(Func<Task> action) => this;
    public ITargetDefinition Executes(Action<TargetContext> action) => this;
    public ITargetDefinition Executes(Func<TargetContext, Task> action) => this;
}
