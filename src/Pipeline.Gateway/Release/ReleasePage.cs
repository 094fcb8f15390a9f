namespace Pipeline.Gateway.Release;

/// <summary>
/// The live release page: one static HTML document whose script polls <c>/release/state</c> every second and redraws the weights,
/// per-variant rate and errors, latency and score distributions (inline SVG with axes), the judge's running evidence and the decisions.
/// </summary>
internal static class ReleasePage
{
    public const string Html = """
<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Live release — Pipeline gateway</title>
<link rel="icon" href="data:,">
<style>
body{font-family:"DejaVu Sans",system-ui,sans-serif;color:#1a1a1a;background:#fff;margin:0;line-height:1.4}
header{background:#12355b;color:#fff;padding:10px 24px}
header h1{margin:0;font-size:1.3rem}
main{padding:8px 24px;max-width:1200px}
h2{color:#12355b;margin:14px 0 6px}
table{border-collapse:collapse;font-size:.9rem;margin:6px 0}
th,td{border:1px solid #bbb;padding:3px 8px;text-align:left;vertical-align:top}
th{background:#e8eef5}
figure{display:inline-block;margin:6px 14px 6px 0;vertical-align:top}
figcaption{font-size:.85rem;color:#333;max-width:520px}
.breached{color:#a00000;font-weight:bold}.healthy{color:#1d5e20}.muted{color:#444}
</style>
</head>
<body>
<header><h1>Live release</h1><p id="updated" aria-live="polite">connecting…</p></header>
<main>
<section id="weights" aria-labelledby="weights-title"><h2 id="weights-title">Traffic weights</h2>
<p>Stable <strong id="stable-version">–</strong>, canary <strong id="canary-version">–</strong> at <strong><span id="canary-weight" data-key="canary-weight">0</span> %</strong> (<span id="strategy">–</span>); last change: <span id="change-reason">–</span>.</p>
<figure><svg id="weight-bar" width="520" height="60" role="img" aria-labelledby="weight-bar-title"><title id="weight-bar-title">Share of traffic per variant</title></svg>
<figcaption>Share of client traffic each variant receives now (blue: stable, orange: canary). The judge moves the split step by step.</figcaption></figure>
</section>
<section id="traffic" aria-labelledby="traffic-title"><h2 id="traffic-title">Requests and errors per variant</h2>
<table><thead><tr><th scope="col">variant</th><th scope="col">version</th><th scope="col">requests</th><th scope="col">rate (req/s)</th><th scope="col">errors</th><th scope="col">error rate</th></tr></thead><tbody id="variants"></tbody></table>
</section>
<section id="distributions" aria-labelledby="distributions-title"><h2 id="distributions-title">Latency and score distributions</h2>
<figure><svg id="latency-chart" width="520" height="260" role="img" aria-labelledby="latency-title"><title id="latency-title">Latency distribution per variant</title></svg>
<figcaption>Share of each variant's requests per latency bucket (ms, upper bound). Look for the canary's bars moving right of stable's.</figcaption></figure>
<figure><svg id="score-chart" width="520" height="260" role="img" aria-labelledby="score-title"><title id="score-title">Score distribution per variant</title></svg>
<figcaption>Share of each variant's predicted scores per score bucket (upper bound). A canary whose scores shift away from stable's predicts differently.</figcaption></figure>
</section>
<section id="evidence" aria-labelledby="evidence-title"><h2 id="evidence-title">Judge's running evidence</h2>
<p id="judge-reason" class="muted">No canary is being judged.</p>
<table><thead><tr><th scope="col">metric</th><th scope="col">canary</th><th scope="col">stable</th><th scope="col">threshold</th><th scope="col">statistic</th><th scope="col">status</th></tr></thead><tbody id="metrics"></tbody></table>
<div id="evidence-charts"></div>
</section>
<section id="decisions" aria-labelledby="decisions-title"><h2 id="decisions-title">Last decisions</h2>
<table><thead><tr><th scope="col">time</th><th scope="col">stage</th><th scope="col">weight</th><th scope="col">action</th><th scope="col">reason</th></tr></thead><tbody id="decision-rows"></tbody></table>
</section>
</main>
<script>
"use strict";
const NS = "http://www.w3.org/2000/svg";
const COLORS = { stable: "#1f5fbf", canary: "#d95f02", previous: "#555555" };
let last = null;

function el(tag, attrs, text) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function clear(svg) { [...svg.childNodes].filter(n => n.nodeName !== "title").forEach(n => n.remove()); }
function cell(row, text, cls) { const td = document.createElement("td"); td.textContent = text; if (cls) td.className = cls; row.appendChild(td); return td; }
function fmt(v, d) { return Number.isFinite(v) ? v.toFixed(d) : "–"; }

// Grouped bars with a y axis (share, %), category labels on x, axis titles and a legend.
function bars(svg, categories, series, xTitle, yTitle) {
  clear(svg);
  const W = +svg.getAttribute("width"), H = +svg.getAttribute("height"), L = 52, R = 10, T = 22, B = 56;
  const max = Math.max(1, ...series.flatMap(s => s.values));
  const top = Math.ceil(max / 10) * 10;
  const y = v => T + (H - T - B) * (1 - v / top);
  svg.appendChild(el("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#333" }));
  svg.appendChild(el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#333" }));
  for (let i = 0; i <= 4; i++) {
    const v = top * i / 4;
    svg.appendChild(el("line", { x1: L - 4, y1: y(v), x2: W - R, y2: y(v), stroke: "#ddd" }));
    svg.appendChild(el("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11 }, v.toFixed(0)));
  }
  const slot = (W - L - R) / Math.max(1, categories.length), bw = slot * 0.8 / Math.max(1, series.length);
  categories.forEach((c, i) => {
    series.forEach((s, j) => {
      const v = s.values[i] || 0;
      svg.appendChild(el("rect", { x: L + i * slot + slot * 0.1 + j * bw, y: y(v), width: Math.max(1, bw - 1), height: H - B - y(v), fill: s.color }));
    });
    svg.appendChild(el("text", { x: L + i * slot + slot / 2, y: H - B + 13, "text-anchor": "middle", "font-size": 10 }, c));
  });
  svg.appendChild(el("text", { x: (L + W - R) / 2, y: H - 22, "text-anchor": "middle", "font-size": 12 }, xTitle));
  svg.appendChild(el("text", { x: 14, y: (T + H - B) / 2, "text-anchor": "middle", "font-size": 12, transform: `rotate(-90 14 ${(T + H - B) / 2})` }, yTitle));
  series.forEach((s, j) => {
    svg.appendChild(el("rect", { x: L + 8 + j * 150, y: 4, width: 12, height: 12, fill: s.color }));
    svg.appendChild(el("text", { x: L + 24 + j * 150, y: 14, "font-size": 11 }, s.label));
  });
}

// Line over time with its breach bound, for one judged metric.
function line(svg, points, bound, accept, yTitle) {
  clear(svg);
  const W = +svg.getAttribute("width"), H = +svg.getAttribute("height"), L = 52, R = 10, T = 22, B = 40;
  const xs = points.map(p => p.t), vals = points.map(p => p.v).concat(bound ?? [], accept ?? []);
  const x0 = Math.min(...xs), x1 = Math.max(x0 + 1, ...xs), lo = Math.min(0, ...vals), hi = Math.max(...vals) * 1.1 || 1;
  const x = t => L + (W - L - R) * (t - x0) / (x1 - x0), y = v => T + (H - T - B) * (1 - (v - lo) / (hi - lo));
  svg.appendChild(el("line", { x1: L, y1: T, x2: L, y2: H - B, stroke: "#333" }));
  svg.appendChild(el("line", { x1: L, y1: H - B, x2: W - R, y2: H - B, stroke: "#333" }));
  for (let i = 0; i <= 4; i++) {
    const v = lo + (hi - lo) * i / 4;
    svg.appendChild(el("text", { x: L - 6, y: y(v) + 4, "text-anchor": "end", "font-size": 11 }, v.toFixed(2)));
    const t = x0 + (x1 - x0) * i / 4;
    svg.appendChild(el("text", { x: x(t), y: H - B + 14, "text-anchor": "middle", "font-size": 11 }, (t - x0).toFixed(1)));
  }
  svg.appendChild(el("text", { x: (L + W - R) / 2, y: H - 8, "text-anchor": "middle", "font-size": 12 }, "seconds since the first report"));
  svg.appendChild(el("text", { x: 14, y: (T + H - B) / 2, "text-anchor": "middle", "font-size": 12, transform: `rotate(-90 14 ${(T + H - B) / 2})` }, yTitle));
  if (bound !== null) svg.appendChild(el("line", { x1: L, y1: y(bound), x2: W - R, y2: y(bound), stroke: "#b00020", "stroke-dasharray": "6 4" }));
  if (accept !== null) svg.appendChild(el("line", { x1: L, y1: y(accept), x2: W - R, y2: y(accept), stroke: "#1d5e20", "stroke-dasharray": "2 3" }));
  svg.appendChild(el("polyline", { points: points.map(p => `${x(p.t)},${y(p.v)}`).join(" "), fill: "none", stroke: "#d95f02", "stroke-width": 2 }));
}

function shares(h) {
  const c = h.cumulative, total = c[c.length - 1] || 1;
  return c.map((v, i) => 100 * (v - (i ? c[i - 1] : 0)) / total);
}
function parseLlr(statistic) {
  const m = /LLR (-?[\d.]+) in \((-?[\d.]+), (-?[\d.]+)\)/.exec(statistic || "");
  return m ? { v: +m[1], accept: +m[2], bound: +m[3] } : null;
}

function render(s) {
  const now = Date.parse(s.now) / 1000;
  document.getElementById("updated").textContent = "updated " + new Date(s.now).toISOString().substring(11, 19) + " UTC (every second)";
  const r = s.routing;
  document.getElementById("stable-version").textContent = r.stable || "–";
  document.getElementById("canary-version").textContent = r.canary || "none";
  document.getElementById("canary-weight").textContent = fmt(r.canaryWeight, 1);
  document.getElementById("strategy").textContent = r.strategy;
  document.getElementById("change-reason").textContent = r.reason || "–";
  const wb = document.getElementById("weight-bar"); clear(wb);
  const cw = 500 * r.canaryWeight / 100;
  wb.appendChild(el("rect", { x: 10, y: 10, width: 500 - cw, height: 30, fill: COLORS.stable }));
  wb.appendChild(el("rect", { x: 10 + 500 - cw, y: 10, width: cw, height: 30, fill: COLORS.canary }));
  wb.appendChild(el("text", { x: 14, y: 55, "font-size": 11 }, `stable ${fmt(100 - r.canaryWeight, 1)} %`));
  wb.appendChild(el("text", { x: 506, y: 55, "font-size": 11, "text-anchor": "end" }, `canary ${fmt(r.canaryWeight, 1)} %`));

  const tbody = document.getElementById("variants"); tbody.replaceChildren();
  for (const v of s.variants) {
    const prev = last && last.variants.find(p => p.variant === v.variant && p.version === v.version);
    const dt = last ? now - Date.parse(last.now) / 1000 : 0;
    const rate = prev && dt > 0 ? (v.requests - prev.requests) / dt : NaN;
    const row = document.createElement("tr"); row.dataset.variant = v.variant;
    cell(row, v.variant); cell(row, v.version); cell(row, String(v.requests)); cell(row, fmt(rate, 1));
    cell(row, String(v.errors)); cell(row, v.requests ? fmt(100 * v.errors / v.requests, 2) + " %" : "–");
    tbody.appendChild(row);
  }
  const live = s.variants.filter(v => v.variant !== "shadow" || v.requests > 0);
  if (live.length) {
    const lb = live[0].latency.bounds.map(b => (b * 1000).toFixed(b < 0.01 ? 1 : 0)).concat("+∞");
    bars(document.getElementById("latency-chart"), lb, live.map(v => ({ label: `${v.variant} ${v.version}`, color: COLORS[v.variant] || "#555", values: shares(v.latency) })), "latency bucket upper bound (ms)", "share of requests (%)");
    const sb = live[0].scores.bounds.map(b => b.toFixed(2)).concat("+∞");
    bars(document.getElementById("score-chart"), sb, live.map(v => ({ label: `${v.variant} ${v.version}`, color: COLORS[v.variant] || "#555", values: shares(v.scores) })), "score bucket upper bound", "share of scores (%)");
  }

  const ev = s.evidence;
  document.getElementById("judge-reason").textContent = ev ? `${ev.kind === "decision" ? "decision: " + ev.action + " — " : ""}${ev.reason} (step at ${fmt(ev.weight, 1)} %)` : "No canary is being judged.";
  const mt = document.getElementById("metrics"); mt.replaceChildren();
  for (const m of (ev && ev.metrics) || []) {
    const row = document.createElement("tr");
    cell(row, m.metric); cell(row, m.canary); cell(row, m.stable); cell(row, m.threshold); cell(row, m.statistic);
    cell(row, m.status, m.status === "breached" ? "breached" : m.status === "healthy" ? "healthy" : "muted");
    mt.appendChild(row);
  }
  const charts = document.getElementById("evidence-charts");
  const names = [...new Set(s.history.flatMap(h => (h.metrics || []).map(m => m.metric)))];
  for (const name of names) {
    const pts = s.history.map(h => ({ t: Date.parse(h.receivedAt) / 1000, m: (h.metrics || []).find(m => m.metric === name) }))
      .map(p => ({ t: p.t, llr: p.m && parseLlr(p.m.statistic) })).filter(p => p.llr);
    if (pts.length < 1) continue;
    let fig = document.getElementById("evidence-" + name);
    if (!fig) {
      fig = document.createElement("figure"); fig.id = "evidence-" + name;
      const svg = el("svg", { width: 520, height: 220, role: "img", "aria-label": `${name}: log-likelihood ratio over time against its bounds` });
      const cap = document.createElement("figcaption");
      cap.textContent = `${name}: the sequential test's log-likelihood ratio at each report. Above the red dashed line the canary is rolled back; below the green dotted line it is healthy.`;
      fig.append(svg, cap); charts.appendChild(fig);
    }
    const b = pts[pts.length - 1].llr;
    line(fig.querySelector("svg"), pts.map(p => ({ t: p.t, v: p.llr.v })), b.bound, b.accept, "log-likelihood ratio");
  }
  const dr = document.getElementById("decision-rows"); dr.replaceChildren();
  for (const d of [...s.decisions].reverse()) {
    const row = document.createElement("tr"); row.dataset.action = d.action;
    cell(row, new Date(d.receivedAt).toISOString().substring(11, 19)); cell(row, d.stage); cell(row, fmt(d.weight, 1) + " %");
    cell(row, d.action); cell(row, d.reason);
    dr.appendChild(row);
  }
  last = s;
}

async function poll() {
  try {
    const response = await fetch("/release/state", { cache: "no-store" });
    if (response.ok) render(await response.json());
    else document.getElementById("updated").textContent = "the gateway answered " + response.status;
  } catch (e) {
    document.getElementById("updated").textContent = "the gateway does not answer: " + e.message;
  }
  setTimeout(poll, 1000);
}
poll();
</script>
</body>
</html>
""";
}
