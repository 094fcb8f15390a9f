using System.Globalization;
using System.Net;

namespace Pipeline.Reports;

/// <summary>Escaping and number formatting for the reports (invariant culture, so a report reads the same everywhere).</summary>
public static class HtmlText
{
    public static string Esc(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string Attr(string? text) => WebUtility.HtmlEncode(text ?? "");

    public static string N(double value, string format = "0.####") =>
        double.IsFinite(value) ? value.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string N(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Pct(double share, int decimals = 1) =>
        double.IsFinite(share) ? (share * 100).ToString("F" + decimals, CultureInfo.InvariantCulture) + " %" : "–";

    /// <summary>A table row of escaped cells.</summary>
    public static string Row(params string?[] cells) => "<tr>" + string.Concat(cells.Select(c => $"<td>{Esc(c)}</td>")) + "</tr>";

    /// <summary>A table header row.</summary>
    public static string Head(params string[] cells) => "<thead><tr>" + string.Concat(cells.Select(c => $"<th scope=\"col\">{Esc(c)}</th>")) + "</tr></thead>";
}
