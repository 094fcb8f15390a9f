namespace Pipeline.Reports;

/// <summary>The reports' one stylesheet: system fonts, dark text on white (contrast above 7:1), tables that scroll on narrow screens.</summary>
public static class PageStyle
{
    public const string Css = """
        body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0;line-height:1.45}
        header{background:#12355b;color:#fff;padding:12px 24px}
        header h1{margin:0 0 6px;font-size:1.35rem}
        nav ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:14px}
        nav a{color:#fff}
        main{padding:8px 24px;max-width:1200px}
        section{border-bottom:1px solid #ccc;padding-bottom:12px}
        h2{color:#12355b}
        table{border-collapse:collapse;margin:8px 0;font-size:.9rem;display:block;overflow-x:auto}
        caption{text-align:left;font-weight:bold;padding:4px 0}
        th,td{border:1px solid #bbb;padding:3px 8px;text-align:left;vertical-align:top}
        th{background:#e8eef5}
        .outcome-fail,.status-failed{color:#a00000;font-weight:bold}
        .outcome-warn{color:#7a4a00;font-weight:bold}
        .outcome-pass,.status-succeeded{color:#1d5e20}
        .absent{color:#444;font-style:italic}
        figure.chart{display:inline-block;margin:8px 12px 8px 0;vertical-align:top;max-width:100%}
        figure.chart img{max-width:100%;height:auto;border:1px solid #ddd}
        figcaption{font-size:.85rem;color:#333;max-width:560px}
        dl.facts{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px}
        dt{font-weight:bold}
        dd{margin:0}
        code{font-size:.85rem;word-break:break-all}
        details.verdict{margin:6px 0}
        td.cm{text-align:right;min-width:6em}
        """;
}
