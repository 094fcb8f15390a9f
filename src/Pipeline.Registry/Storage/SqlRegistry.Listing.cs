using Pipeline.Registry.Listing;

namespace Pipeline.Registry.Storage;

internal sealed partial class SqlRegistry
{
    public async Task<ModelListing> DescribeAsync(string model, int eventLimit, CancellationToken cancellationToken = default) => new()
    {
        Model = model,
        Backend = Backend,
        Versions = await ListVersionsAsync(model, cancellationToken),
        Aliases = await ListAliasesAsync(model, cancellationToken),
        Slots = await ListSlotsAsync(model, cancellationToken),
        Events = await ListEventsAsync(model, eventLimit, cancellationToken),
        Lock = await GetLockAsync(model, cancellationToken),
    };
}
