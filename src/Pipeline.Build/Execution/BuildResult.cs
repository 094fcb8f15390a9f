namespace Pipeline.Build;

/// <summary>Outcome of one run: exit code (0 ok, 1 a target failed, 2 usage or graph error, or the code a failed gate named) and the manifest when targets ran.</summary>
public sealed record BuildResult(int ExitCode, RunManifest? Manifest, NukeBuild? Build);
