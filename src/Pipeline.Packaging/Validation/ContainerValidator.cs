using System.Globalization;
using Pipeline.Core.Verdicts;
using Pipeline.Packaging.Docker;
using Pipeline.Packaging.Docker.Models;
using Pipeline.Packaging.Images;

namespace Pipeline.Packaging.Validation;

/// <summary>
/// Proves a packaged image in a real engine: load, run (non-root, read-only root, port on 127.0.0.1), wait for ready,
/// compare golden requests with in-process results, then stop and remove. Every outcome is a check; on any failure the
/// container's last log lines are attached, and the container is always removed.
/// </summary>
public sealed partial class ContainerValidator(DockerEngineClient docker, TimeProvider time)
{
    public const string Gate = "ContainerValidation";

    public async Task<ContainerValidation> ValidateAsync(PackagedImage image, ContainerValidationOptions options, CancellationToken ct = default)
    {
        var subject = $"{image.Tag} ({image.Digest[..19]})";
        if (!await docker.PingAsync(ct: ct))
        {
            return new ContainerValidation
            {
                Ran = false,
                Verdict = new Verdict
                {
                    Gate = Gate,
                    Subject = subject,
                    Checks = [new Check
                    {
                        Metric = "docker engine", Observed = $"none at {docker.Endpoint}", Threshold = "answers /_ping", Outcome = CheckOutcome.Warn,
                        Detail = "Container validation SKIPPED: no Docker engine answers. Run `sudo .ci/install/30-docker.sh` (installs docker.io, starts dockerd) or set DOCKER_HOST.",
                    }],
                    Notes = ["container validation skipped: no Docker engine"],
                },
            };
        }

        var run = new ValidationRun(docker, time, options, image);
        try
        {
            await run.ExecuteAsync(ct);
        }
        finally
        {
            await run.CleanUpAsync();
        }
        return new ContainerValidation
        {
            Ran = true,
            Verdict = new Verdict { Gate = Gate, Subject = subject, Checks = run.Checks, Notes = run.Notes },
            Logs = run.Logs,
            ReadySeconds = run.ReadySeconds,
        };
    }

    internal static string Format(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
