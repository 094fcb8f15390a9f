using System.Text;
using ScottPlot;

namespace Pipeline.Reports.Charts;

/// <summary>
/// A chart drawn by ScottPlot as SVG and embedded as a data URI (no network, no id clashes between charts), with alt text and a
/// caption that says what to look for.
/// </summary>
public static class Figure
{
    public const int Width = 560;
    public const int Height = 320;

    /// <summary>The plot as a <c>&lt;figure&gt;</c>: image with <paramref name="alt"/>, caption <paramref name="caption"/>.</summary>
    public static string Html(Plot plot, string alt, string caption, string? id = null, int width = Width, int height = Height)
    {
        var svg = plot.GetSvgXml(width, height);
        var data = Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
        var idAttribute = id is null ? "" : $" id=\"{HtmlText.Attr(id)}\"";
        return $"<figure class=\"chart\"{idAttribute}><img src=\"data:image/svg+xml;base64,{data}\" width=\"{width}\" height=\"{height}\" alt=\"{HtmlText.Attr(alt)}\">" +
               $"<figcaption>{HtmlText.Esc(caption)}</figcaption></figure>";
    }

    /// <summary>A plot with the house look: title, axis labels with units, legend in the corner.</summary>
    public static Plot New(string title, string xLabel, string yLabel)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xLabel);
        plot.YLabel(yLabel);
        plot.Font.Set("DejaVu Sans");
        return plot;
    }

    /// <summary>Colour of the candidate / canary series.</summary>
    public static readonly Color Candidate = new(0x1f, 0x5f, 0xbf);

    /// <summary>Colour of the champion / stable / baseline series.</summary>
    public static readonly Color Reference = new(0xd9, 0x5f, 0x02);

    /// <summary>Colour of thresholds and bounds.</summary>
    public static readonly Color Bound = new(0xb0, 0x00, 0x20);
}
