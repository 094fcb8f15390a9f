using System.Globalization;
using System.Text;
using Pipeline.Registry.Aliases;

namespace Pipeline.Registry.Listing;

/// <summary>Renders a <see cref="ModelListing"/> as plain-text tables for a console or a CI log.</summary>
public static class ModelListingFormatter
{
    public static string Format(ModelListing listing)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Model {listing.Model} ({listing.Backend})\n");
        if (listing.Versions.Count == 0)
            text.Append(CultureInfo.InvariantCulture, $"  no versions registered; Train or Import registers one.\n");

        var aliasesByVersion = listing.Aliases.GroupBy(a => a.Version).ToDictionary(g => g.Key, g => string.Join(",", g.Select(a => a.Alias)));
        var rows = listing.Versions.Select(v => new[]
        {
            v.Version,
            aliasesByVersion.GetValueOrDefault(v.Version, ""),
            Short(v.ModelDigest),
            v.ImageDigest is null ? "-" : Short(v.ImageDigest),
            v.Lineage.DataProfileDigest is null ? "-" : Short(v.Lineage.DataProfileDigest),
            v.Lineage.Commit ?? "-",
            Time(v.CreatedAt),
            v.MetricsJson,
        });
        Table(text, "Versions", ["version", "aliases", "model", "image", "data profile", "commit", "registered", "metrics"], rows);

        var missing = new[] { AliasNames.Production, AliasNames.Canary, AliasNames.Previous }
            .Where(a => listing.Aliases.All(x => x.Alias != a));
        text.Append(CultureInfo.InvariantCulture, $"Aliases: {string.Join(", ", listing.Aliases.Select(a => $"{a.Alias} → {a.Version}").Concat(missing.Select(a => $"{a} → (none)")))}\n");

        Table(text, "Running", ["variant", "version", "endpoint", "weight %", "target", "pid/container", "since"],
            listing.Slots.Select(s => new[]
            {
                s.Variant, s.Version ?? "-", s.Endpoint, s.Weight.ToString("0.##", CultureInfo.InvariantCulture), s.TargetKind,
                s.ContainerId ?? s.ProcessId?.ToString(CultureInfo.InvariantCulture) ?? "-", Time(s.UpdatedAt),
            }));

        text.Append(CultureInfo.InvariantCulture, $"Lock: {(listing.Lock is null ? "free" : listing.Lock.Describe())}\n");

        Table(text, $"Last {listing.Events.Count} events", ["#", "time", "action", "from", "to", "actor", "reason"],
            listing.Events.Select(e => new[]
            {
                e.Id.ToString(CultureInfo.InvariantCulture), Time(e.At), e.Action, e.FromVersion ?? "-", e.ToVersion ?? "-", e.Actor, e.Reason,
            }));
        return text.ToString();
    }

    private static void Table(StringBuilder text, string title, string[] header, IEnumerable<string[]> rows)
    {
        var all = rows.ToList();
        text.Append(CultureInfo.InvariantCulture, $"{title}:\n");
        if (all.Count == 0)
        {
            text.Append("  (none)\n");
            return;
        }
        var widths = header.Select((h, i) => Math.Min(60, all.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        void Line(string[] cells) =>
            text.Append("  ").Append(string.Join("  ", cells.Select((c, i) => Clip(c, widths[i]).PadRight(widths[i]))).TrimEnd()).Append('\n');
        Line(header);
        foreach (var row in all)
            Line(row);
    }

    private static string Clip(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "…";

    private static string Short(string digest) => digest.StartsWith("sha256:", StringComparison.Ordinal) && digest.Length > 19 ? digest[..19] : digest;

    private static string Time(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
