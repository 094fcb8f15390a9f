using System.Linq.Expressions;

namespace Pipeline.Build;

/// <summary>Fluent definition of one target: description, relations to other targets, inputs and actions.</summary>
public interface ITargetDefinition
{
    ITargetDefinition Description(string description);

    /// <summary>These targets run first, and this target does not run when one of them fails.</summary>
    ITargetDefinition DependsOn(params Target[] targets);

    /// <summary>Ordering only: when both are in the plan, this target runs after those.</summary>
    ITargetDefinition After(params Target[] targets);

    /// <summary>Ordering only: when both are in the plan, this target runs before those.</summary>
    ITargetDefinition Before(params Target[] targets);

    /// <summary>These targets are added to the plan and run after this one.</summary>
    ITargetDefinition Triggers(params Target[] targets);

    /// <summary>This target is added to the plan and runs after any of those.</summary>
    ITargetDefinition TriggeredBy(params Target[] targets);

    /// <summary>Conditions evaluated just before the target would run; any false marks it Skipped.</summary>
    ITargetDefinition OnlyWhenDynamic(params Func<bool>[] conditions);

    /// <summary>Parameters that must have a value before anything in the plan runs.</summary>
    ITargetDefinition Requires(params Expression<Func<object?>>[] parameters);

    /// <summary>Declares what the target reads; an identical fingerprint to an earlier successful run makes it up to date.</summary>
    ITargetDefinition Inputs(Func<TargetContext, TargetInputs> inputs);

    ITargetDefinition Executes(Action action);

    ITargetDefinition Executes(Func<Task> action);

    ITargetDefinition Executes(Action<TargetContext> action);

    ITargetDefinition Executes(Func<TargetContext, Task> action);
}
