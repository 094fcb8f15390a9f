using System.Linq.Expressions;

namespace Pipeline.Build;

/// <summary>Collected definition of one target; filled by the target property's lambda.</summary>
internal sealed class TargetDefinition(string name, int order) : ITargetDefinition
{
    public string Name { get; } = name;
    public int Order { get; } = order;
    public string? DescriptionText { get; private set; }
    public List<Target> DependsOnTargets { get; } = [];
    public List<Target> AfterTargets { get; } = [];
    public List<Target> BeforeTargets { get; } = [];
    public List<Target> TriggersTargets { get; } = [];
    public List<Target> TriggeredByTargets { get; } = [];
    public List<Func<bool>> Conditions { get; } = [];
    public List<Expression<Func<object?>>> Requirements { get; } = [];
    public Func<TargetContext, TargetInputs>? InputsFactory { get; private set; }
    public List<Func<TargetContext, Task>> Actions { get; } = [];

    public ITargetDefinition Description(string description) { DescriptionText = description; return this; }
    public ITargetDefinition DependsOn(params Target[] targets) { DependsOnTargets.AddRange(targets); return this; }
    public ITargetDefinition After(params Target[] targets) { AfterTargets.AddRange(targets); return this; }
    public ITargetDefinition Before(params Target[] targets) { BeforeTargets.AddRange(targets); return this; }
    public ITargetDefinition Triggers(params Target[] targets) { TriggersTargets.AddRange(targets); return this; }
    public ITargetDefinition TriggeredBy(params Target[] targets) { TriggeredByTargets.AddRange(targets); return this; }
    public ITargetDefinition OnlyWhenDynamic(params Func<bool>[] conditions) { Conditions.AddRange(conditions); return this; }
    public ITargetDefinition Requires(params Expression<Func<object?>>[] parameters) { Requirements.AddRange(parameters); return this; }
    public ITargetDefinition Inputs(Func<TargetContext, TargetInputs> inputs) { InputsFactory = inputs; return this; }

    public ITargetDefinition Executes(Action action)
    {
        Actions.Add(_ => { action(); return Task.CompletedTask; });
        return this;
    }

    public ITargetDefinition Executes(Func<Task> action) { Actions.Add(_ => action()); return this; }

    public ITargetDefinition Executes(Action<TargetContext> action)
    {
        Actions.Add(ctx => { action(ctx); return Task.CompletedTask; });
        return this;
    }

    public ITargetDefinition Executes(Func<TargetContext, Task> action) { Actions.Add(action); return this; }
}
