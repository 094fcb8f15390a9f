namespace Pipeline.Build.Tests.Support;

/// <summary>Tries every way a target could leak its secret: log, console, note, exception, inputs, artifact, verdict.</summary>
public sealed class SecretBuild : RecordingBuild
{
    [Parameter("API token"), Secret] readonly string? ApiToken;
    [Parameter("Second secret read from GITHUB_TOKEN too", EnvironmentVariable = "GITHUB_TOKEN"), Secret] readonly string? GitHubToken;

    [Parameter("A connection string (not marked secret; its password is)")] readonly string? Registry;

    Target Connect => _ => _
        .Executes(ctx =>
        {
            Ran(nameof(Connect));
            Log.Information($"connecting to {Registry}");
            ctx.Note($"registry {Registry}");
        });

    Target Leak => _ => _
        .Inputs(_ => TargetInputs.None.Parameter("token", ApiToken))
        .Executes(ctx =>
        {
            Ran(nameof(Leak));
            Log.Information($"token is {ApiToken}, github is {GitHubToken}");
            Log.Warning($"warning with {ApiToken}");
            Log.Error($"error with {GitHubToken}");
            ctx.Note($"used {ApiToken}");
        });

    Target Throw => _ => _
        .DependsOn(Leak)
        .Executes(() => throw new InvalidOperationException($"request with {ApiToken} rejected"));
}
