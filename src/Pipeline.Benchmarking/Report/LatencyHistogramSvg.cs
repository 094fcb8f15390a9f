using System.Globalization;
using System.Text;
using Pipeline.Benchmarking.Latency;

namespace Pipeline.Benchmarking.Report;

/// <summary>Draws latency histograms (log-scaled milliseconds, share of requests per bin) with p50/p99 markers and the SLA line, as standalone SVG.</summary>
public static class LatencyHistogramSvg
{
    private const int Width = 720, Height = 360, Left = 60, Right = 20, Top = 40, Bottom = 50, Bins = 60;
    private static readonly string[] Palette = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd"];

    public static string Render(string title, IReadOnlyList<(string Label, LatencyHistogram Histogram)> series, double? thresholdMs = null)
    {
        var withData = series.Where(s => s.Histogram.Count > 0).ToList();
        var minMs = withData.Count == 0 ? 0.01 : Math.Max(0.01, withData.Min(s => s.Histogram.MinMicroseconds) / 1000.0);
        var maxMs = withData.Count == 0 ? 1 : withData.Max(s => s.Histogram.MaxMicroseconds) / 1000.0;
        if (thresholdMs is { } t) maxMs = Math.Max(maxMs, t * 1.1);
        var lo = Math.Floor(Math.Log10(minMs));
        var hi = Math.Max(lo + 1, Math.Ceiling(Math.Log10(Math.Max(maxMs, minMs * 1.01))));
        double X(double ms) => Left + (Math.Log10(Math.Max(ms, Math.Pow(10, lo))) - lo) / (hi - lo) * (Width - Left - Right);

        var shares = withData.Select(s => BinShares(s.Histogram, lo, hi)).ToList();
        var top = Math.Max(1e-9, shares.SelectMany(s => s).DefaultIfEmpty(0).Max());
        double Y(double share) => Height - Bottom - share / top * (Height - Top - Bottom);

        var svg = new StringBuilder();
        svg.Append(Inv($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" font-family=\"sans-serif\" font-size=\"11\">\n"));
        svg.Append(Inv($"<rect width=\"{Width}\" height=\"{Height}\" fill=\"white\"/>\n"));
        svg.Append(Inv($"<text x=\"{Left}\" y=\"20\" font-size=\"14\">{Escape(title)}</text>\n"));
        svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Height - Bottom}\" x2=\"{Width - Right}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n"));
        svg.Append(Inv($"<line x1=\"{Left}\" y1=\"{Top}\" x2=\"{Left}\" y2=\"{Height - Bottom}\" stroke=\"black\"/>\n"));
        for (var d = lo; d <= hi; d++)
        {
            var x = X(Math.Pow(10, d));
            svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{Height - Bottom}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom + 5}\" stroke=\"black\"/>"));
            svg.Append(Inv($"<text x=\"{x:0.#}\" y=\"{Height - Bottom + 18}\" text-anchor=\"middle\">{Math.Pow(10, d).ToString("0.###", CultureInfo.InvariantCulture)} ms</text>\n"));
        }
        svg.Append(Inv($"<text x=\"{Width / 2}\" y=\"{Height - 10}\" text-anchor=\"middle\">latency (log scale)</text>\n"));
        svg.Append(Inv($"<text x=\"14\" y=\"{Height / 2}\" transform=\"rotate(-90 14 {Height / 2})\" text-anchor=\"middle\">share of requests (max {top * 100:0.#} %)</text>\n"));
        if (thresholdMs is { } limit)
        {
            var x = X(limit);
            svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\" stroke=\"#d62728\" stroke-dasharray=\"6 4\"/>"));
            svg.Append(Inv($"<text x=\"{x + 3:0.#}\" y=\"{Top + 10}\" fill=\"#d62728\">SLA p99 {limit:0.##} ms</text>\n"));
        }
        for (var s = 0; s < withData.Count; s++)
        {
            var color = Palette[s % Palette.Length];
            var points = new StringBuilder();
            for (var b = 0; b < Bins; b++)
            {
                var x0 = X(Math.Pow(10, lo + (hi - lo) * b / Bins));
                var x1 = X(Math.Pow(10, lo + (hi - lo) * (b + 1) / Bins));
                var y = Y(shares[s][b]);
                points.Append(Inv($"{x0:0.#},{y:0.#} {x1:0.#},{y:0.#} "));
            }
            svg.Append(Inv($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"1.5\" points=\"{points.ToString().TrimEnd()}\"/>\n"));
            var h = withData[s].Histogram;
            foreach (var (p, dash) in new[] { (50.0, "2 2"), (99.0, "8 3") })
            {
                var x = X(h.PercentileMs(p));
                svg.Append(Inv($"<line x1=\"{x:0.#}\" y1=\"{Top}\" x2=\"{x:0.#}\" y2=\"{Height - Bottom}\" stroke=\"{color}\" stroke-dasharray=\"{dash}\"/>\n"));
            }
            svg.Append(Inv($"<text x=\"{Width - Right - 260}\" y=\"{Top + 14 * s}\" fill=\"{color}\">{Escape(withData[s].Label)}: n={h.Count} p50={h.PercentileMs(50):0.###} ms p99={h.PercentileMs(99):0.###} ms</text>\n"));
        }
        svg.Append("</svg>\n");
        return svg.ToString();
    }

    private static double[] BinShares(LatencyHistogram h, double lo, double hi)
    {
        var bins = new double[Bins];
        foreach (var (lower, upper, count) in h.Buckets())
        {
            var mid = Math.Max((lower + upper) / 2.0 / 1000.0, Math.Pow(10, lo));
            var b = (int)Math.Clamp((Math.Log10(mid) - lo) / (hi - lo) * Bins, 0, Bins - 1);
            bins[b] += count;
        }
        for (var b = 0; b < Bins; b++) bins[b] /= h.Count;
        return bins;
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string s) => s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
