using System.Text;
using static Pipeline.Reports.HtmlText;

namespace Pipeline.Reports.Run;

public static partial class RunReportWriter
{
    private static string LineageHtml(RunReportInput input)
    {
        var m = input.Manifest;
        var sb = new StringBuilder("<dl class=\"facts\">");
        sb.Append($"<dt>Run</dt><dd><code>{Key("run-id", m.RunId)}</code></dd>")
          .Append($"<dt>Git commit</dt><dd><code>{Esc(m.GitCommit ?? "not a git checkout")}</code>{(m.GitDirty ? " (uncommitted changes)" : "")}</dd>");
        if (input.Release is { } r) sb.Append($"<dt>Released model</dt><dd><code>{Esc(r.ModelDigest)}</code></dd>");
        if (input.Release?.SkippedGates is { Count: > 0 } skipped) sb.Append($"<dt>Gates skipped</dt><dd>{Esc(string.Join("; ", skipped))}</dd>");
        sb.Append("</dl><table id=\"outputs\"><caption>What each target made, from which inputs (run manifest)</caption>")
          .Append(Head("target", "status", "input fingerprint", "outputs", "reused from run")).Append("<tbody>");
        foreach (var t in m.Targets)
        {
            var outputs = string.Join("", t.Outputs.OrderBy(o => o.Key, StringComparer.Ordinal)
                .Select(o => $"<li>{Esc(o.Key)}: <code data-output=\"{Attr(t.Name + "/" + o.Key)}\">{Esc(o.Value.Digest)}</code></li>"));
            sb.Append($"<tr><td>{Esc(t.Name)}</td><td>{Esc(t.Status.ToString())}</td><td><code>{Esc(t.Fingerprint ?? "–")}</code></td>")
              .Append($"<td><ul>{outputs}</ul></td><td>{Esc(t.ReusedFromRun ?? "")}</td></tr>");
        }
        sb.Append("</tbody></table><table id=\"parameters\"><caption>Parameters</caption>").Append(Head("parameter", "value")).Append("<tbody>");
        foreach (var (k, v) in m.Parameters.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal)) sb.Append(Row(k, v));
        return sb.Append("</tbody></table>").ToString();
    }
}
