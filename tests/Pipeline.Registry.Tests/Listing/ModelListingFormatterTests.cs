using Pipeline.Registry.Aliases;
using Pipeline.Registry.Events;
using Pipeline.Registry.Listing;
using Pipeline.Registry.Locks;
using Pipeline.Registry.State;
using Pipeline.Registry.Tests.Support;
using Pipeline.Registry.Versions;

namespace Pipeline.Registry.Tests.Listing;

public sealed class ModelListingFormatterTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 22, 9, 0, 0, TimeSpan.Zero);

    private static ModelVersion Version(string label, long number, char digit) => new()
    {
        Model = "fraud-detector",
        Version = label,
        Number = number,
        ModelDigest = "sha256:" + new string(digit, 64),
        ImageDigest = number == 1 ? "sha256:" + new string('e', 64) : null,
        MetricsJson = """{"auc":0.91}""",
        Lineage = new ModelLineage { DataProfileDigest = "sha256:" + new string('f', 64), Commit = "0123abc" },
        CreatedAt = T0.AddHours(number),
        CreatedBy = "ci",
    };

    [Fact]
    public void Format_FullListing_RendersEveryTable()
    {
        var listing = new ModelListing
        {
            Model = "fraud-detector",
            Backend = "sqlite /repo/.artifacts/registry.db",
            Versions = [Version("v1", 1, '1'), Version("v2", 2, '2')],
            Aliases = [new ModelAlias("fraud-detector", AliasNames.Canary, "v2", T0), new ModelAlias("fraud-detector", AliasNames.Production, "v1", T0)],
            Slots =
            [
                new DeploymentSlot { Model = "fraud-detector", Variant = "canary", Version = "v2", Endpoint = "http://127.0.0.1:5102", Weight = 12.5, TargetKind = "docker", ContainerId = "c0ffee", UpdatedAt = T0 },
                new DeploymentSlot { Model = "fraud-detector", Variant = "stable", Version = "v1", Endpoint = "http://127.0.0.1:5101", Weight = 87.5, TargetKind = "process", ProcessId = 4242, UpdatedAt = T0 },
            ],
            Events =
            [
                new DeploymentEvent { Id = 2, Model = "fraud-detector", At = T0.AddHours(3), Actor = "judge", Action = DeploymentActions.CanaryStep, FromVersion = "v1", ToVersion = "v2", Reason = "step 2: 12.5 %", EvidenceJson = "{}" },
                new DeploymentEvent { Id = 1, Model = "fraud-detector", At = T0.AddHours(1), Actor = "ci", Action = DeploymentActions.Register, ToVersion = "v1", Reason = "registered v1", EvidenceJson = "{}" },
            ],
            Lock = new LockStatus
            {
                Model = "fraud-detector",
                Holder = new LockHolder { ProcessId = 4243, Host = "ci-7", RunId = "run-9", Actor = "ci" },
                AcquiredAt = T0.AddHours(3),
                ExpiresAt = T0.AddHours(3.5),
            },
        };

        Snapshot.Verify(ModelListingFormatter.Format(listing), nameof(ModelListingFormatterTests));
    }

    [Fact]
    public void Format_EmptyModel_SaysHowVersionsAppear()
    {
        var text = ModelListingFormatter.Format(new ModelListing { Model = "m", Backend = "sqlite x", Versions = [], Aliases = [], Slots = [], Events = [] });

        Assert.Contains("no versions registered; Train or Import registers one.", text, StringComparison.Ordinal);
        Assert.Contains("production → (none)", text, StringComparison.Ordinal);
        Assert.Contains("Lock: free", text, StringComparison.Ordinal);
    }
}
