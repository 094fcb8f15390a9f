namespace Pipeline.Gateway.Routing;

/// <summary>Checks a routing table before it is served; lists every problem with the fix.</summary>
public static class RoutingTableValidator
{
    public static IReadOnlyList<string> Validate(RoutingTable table)
    {
        var errors = new List<string>();
        CheckUrl(errors, "stable", table.Stable);
        if (table.Canary is not null) CheckUrl(errors, "canary", table.Canary);
        if (table.Previous is not null) CheckUrl(errors, "previous", table.Previous);

        if (double.IsNaN(table.CanaryWeight) || table.CanaryWeight < 0 || table.CanaryWeight > 100)
            errors.Add($"canaryWeight: {table.CanaryWeight} is outside 0–100; give a percentage such as 5 or 25.");
        if (table.Canary is null && table.CanaryWeight > 0)
            errors.Add($"canaryWeight: {table.CanaryWeight} % but no canary upstream is set; set canary or use weight 0.");
        if (table.Strategy == RoutingStrategy.BlueGreen && table.CanaryWeight is not (0 or 100))
            errors.Add($"canaryWeight: {table.CanaryWeight} % with strategy blue-green, which switches all at once; use 0 or 100.");
        if (table.Strategy == RoutingStrategy.Sticky && string.IsNullOrWhiteSpace(table.StickyHeader) && string.IsNullOrWhiteSpace(table.StickyField))
            errors.Add("stickyHeader/stickyField: both empty with strategy sticky; name a header (X-Pipeline-Key) or a JSON field (customer_id).");
        if (double.IsNaN(table.ShadowTolerance) || table.ShadowTolerance < 0)
            errors.Add($"shadowTolerance: {table.ShadowTolerance} must be ≥ 0 (absolute score difference, e.g. 0.05).");
        return errors;
    }

    private static void CheckUrl(List<string> errors, string field, Upstream upstream)
    {
        if (!Uri.TryCreate(upstream.Url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            errors.Add($"{field}.url: \"{upstream.Url}\" is not an absolute http(s) URL; use e.g. http://127.0.0.1:5001.");
        else if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            errors.Add($"{field}.url: \"{upstream.Url}\" has a query or fragment; give only scheme, host, port and optional path.");
        if (upstream.Grpc is { } grpc && (!Uri.TryCreate(grpc, UriKind.Absolute, out var g) || g.Scheme != Uri.UriSchemeHttp && g.Scheme != Uri.UriSchemeHttps
            || !string.IsNullOrEmpty(g.Query) || !string.IsNullOrEmpty(g.Fragment)))
            errors.Add($"{field}.grpc: \"{grpc}\" is not an absolute http(s) URL of the server's gRPC port; use e.g. http://127.0.0.1:5002, or leave it out.");
    }
}
