using Pipeline.Packaging.Docker;

namespace Pipeline.Deployment.Targets;

/// <summary>Resolves <c>--target auto|process|docker</c>: auto picks docker when an engine answers, else process, and says why.</summary>
public static class TargetSelector
{
    public static async Task<TargetChoice> ChooseAsync(string requested, DockerEngineClient engine, CancellationToken ct)
    {
        switch (requested.Trim().ToLowerInvariant())
        {
            case "process":
                return new TargetChoice("process", "--target process was given");
            case "docker":
                return await engine.PingAsync(TimeSpan.FromSeconds(3), ct)
                    ? new TargetChoice("docker", $"--target docker was given; the engine at {engine.Endpoint} answers")
                    : throw new InvalidOperationException(
                        $"--target docker: no Docker engine answers at {engine.Endpoint}; start it (sudo .ci/install/30-docker.sh) or use --target process.");
            case "auto" or "":
                if (await engine.PingAsync(TimeSpan.FromSeconds(2), ct))
                {
                    var version = await engine.GetVersionAsync(ct);
                    return new TargetChoice("docker", $"auto: the Docker engine at {engine.Endpoint} answers (version {version.Version})");
                }
                return new TargetChoice("process", $"auto: no Docker engine answers at {engine.Endpoint}, so servers run as local processes");
            default:
                throw new ArgumentException($"--target \"{requested}\" is unknown; use auto, process or docker.", nameof(requested));
        }
    }
}
