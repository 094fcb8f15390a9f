using Pipeline.Build;
using Pipeline.Registry;
using Pipeline.Registry.Aliases;
using Pipeline.Registry.Listing;

partial class Build
{
    [Parameter("Model registry: empty → SQLite .artifacts/registry.db; \"Host=…;Database=…\" → PostgreSQL; a path or \"Data Source=…\" → that SQLite file",
        Name = "registry")]
    readonly string? RegistryConnection;

    [Parameter("How many of the last events Models lists")]
    readonly int RegistryEvents = 10;

    /// <summary>The registry named by --registry / PIPELINE_REGISTRY (migrated on open); a password in it is masked wherever parameters are written.</summary>
    Task<IModelRegistry> OpenRegistryAsync(CancellationToken cancellationToken) =>
        ModelRegistryFactory.OpenAsync(RegistryConnection, Layout, cancellationToken: cancellationToken);

    Target Models => _ => _
        .Description("List the versions, aliases, what runs where, the lock and the last events of --model")
        .Executes(async ctx =>
        {
            await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
            var listing = await registry.DescribeAsync(Model, RegistryEvents, ctx.CancellationToken);
            foreach (var line in ModelListingFormatter.Format(listing).TrimEnd('\n').Split('\n'))
                Log.Information(line);
            var others = (await registry.ListModelsAsync(ctx.CancellationToken)).Where(m => m != Model).ToList();
            if (others.Count > 0)
                Log.Information($"Other models in this registry (list one with --model <name>): {string.Join(", ", others)}");
            var production = listing.Aliases.FirstOrDefault(a => a.Alias == AliasNames.Production)?.Version ?? "none";
            ctx.Note($"{listing.Versions.Count} versions, production {production}, lock {(listing.Lock is null ? "free" : "held")}");
        });

    Target Unlock => _ => _
        .Description("Break the deployment lock of --model when its holder is dead or its lease expired (--force: even if the holder looks alive)")
        .Executes(async ctx =>
        {
            await using var registry = await OpenRegistryAsync(ctx.CancellationToken);
            var actor = Environment.GetEnvironmentVariable("GITHUB_ACTOR") is { Length: > 0 } ci ? ci : Environment.UserName;
            var result = await registry.BreakLockAsync(Model, actor, $"./build.sh Unlock (run {ctx.RunId})", Force, ctx.CancellationToken);
            if (result.Broken || result.Holder is null)
            {
                Log.Information(result.Message);
                ctx.Note(result.Broken ? $"broke lock of {result.Holder!.Holder}" : "not locked");
                return;
            }
            throw new RegistryException(result.Message);
        });
}
