/**
 * style: the page's stylesheet. System fonts only (the daemon runs where there is no internet);
 * badge colours meet WCAG AA contrast against their text, and narrow screens get stacked table rows.
 */

/** STYLE_CSS is served at /ui/style.css. */
export const STYLE_CSS = `
:root {
  --fg: #1b1f24; --muted: #59636e; --bg: #f6f8fa; --card: #ffffff; --line: #d0d7de; --link: #0550ae;
  --bad-bg: #ffebe9; --bad-fg: #a40e26; --bad-line: #cf222e;
  --warn-bg: #fff8c5; --warn-fg: #7d4e00; --warn-line: #bf8700;
  --good-bg: #dafbe1; --good-fg: #116329; --good-line: #1a7f37;
  --none-bg: #eaeef2; --none-fg: #424a53; --none-line: #8c959f;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); line-height: 1.45;
}
* { box-sizing: border-box; }
body { margin: 0; font-size: 14px; }
a { color: var(--link); }
code, .query, .path, .url { overflow-wrap: anywhere; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, "DejaVu Sans Mono", monospace; font-size: 12.5px; }
.top { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 24px; padding: 10px 20px;
  background: var(--card); border-bottom: 1px solid var(--line); position: sticky; top: 0; z-index: 1; }
.brand { display: flex; align-items: baseline; gap: 10px; }
h1 { font-size: 20px; margin: 0; }
nav { display: flex; flex-wrap: wrap; gap: 4px 14px; }
.refresh { margin-left: auto; display: flex; align-items: center; gap: 10px; }
button { font: inherit; padding: 4px 10px; border: 1px solid var(--line); border-radius: 6px; background: var(--bg); cursor: pointer; }
button:focus-visible, a:focus-visible { outline: 2px solid var(--link); outline-offset: 2px; }
main { max-width: 1400px; margin: 0 auto; padding: 8px 20px 40px; }
section { margin-top: 18px; }
h2 { font-size: 17px; margin: 0 0 2px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
h4 { font-size: 13px; margin: 10px 0 4px; }
.blurb, .muted { color: var(--muted); }
.blurb { margin: 0 0 8px; font-size: 13px; }
.table-wrap { overflow-x: auto; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 6px 10px; border-bottom: 1px solid var(--line); }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .03em; color: var(--muted); background: var(--bg); }
tbody tr:last-child td { border-bottom: 0; }
.stack { display: flex; flex-direction: column; gap: 3px; align-items: flex-start; }
.labels { display: flex; flex-wrap: wrap; gap: 3px; }
.label { background: var(--none-bg); border-radius: 4px; padding: 0 5px; font-size: 12px; overflow-wrap: anywhere; }
.badge { display: inline-block; border-radius: 999px; padding: 1px 9px; font-size: 12px; font-weight: 600; white-space: nowrap; border: 1px solid; }
.tone-bad { background: var(--bad-bg); color: var(--bad-fg); border-color: var(--bad-line); }
.tone-warn { background: var(--warn-bg); color: var(--warn-fg); border-color: var(--warn-line); }
.tone-good { background: var(--good-bg); color: var(--good-fg); border-color: var(--good-line); }
.tone-none { background: var(--none-bg); color: var(--none-fg); border-color: var(--none-line); }
.error-text { color: var(--bad-fg); white-space: pre-wrap; overflow-wrap: anywhere; }
.notice { margin: 0; padding: 10px 12px; border-radius: 6px; background: var(--card); border: 1px dashed var(--line); color: var(--muted); }
.notice-error { border: 1px solid var(--bad-line); background: var(--bad-bg); color: var(--bad-fg); }
.card { background: var(--card); border: 1px solid var(--line); border-left-width: 5px; border-radius: 6px; padding: 10px 14px; margin-bottom: 12px; }
.tone-border-bad { border-left-color: var(--bad-line); }
.tone-border-warn { border-left-color: var(--warn-line); }
.tone-border-good { border-left-color: var(--good-line); }
.tone-border-none { border-left-color: var(--none-line); }
.card-head { display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px; }
.card-head h3 { margin: 0; overflow-wrap: anywhere; }
.finding { border-top: 1px solid var(--line); margin-top: 10px; padding-top: 8px; }
.finding p { margin: 6px 0; }
.projection-eta { font-weight: 600; color: var(--bad-fg); }
.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
.recs { margin: 0; padding-left: 20px; }
.chart { display: block; width: 100%; max-width: 720px; height: auto; margin: 8px 0; border: 1px solid var(--line); border-radius: 4px; background: #fff; }
.chart-small { max-width: 320px; }
.chart-missing { display: none; }
.folded > summary { cursor: pointer; color: var(--muted); margin: 6px 0 10px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.graph-page .expr-form { display: grid; grid-template-columns: auto 1fr auto auto auto; gap: 8px; align-items: center; margin-top: 14px; }
.graph-page textarea { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; width: 100%; }
.graph-page figure { margin: 0; background: var(--card); border: 1px solid var(--line); border-radius: 6px; }
.graph-page svg { display: block; max-width: 100%; height: auto; }
.graph-page td.value { white-space: pre; font-variant-numeric: tabular-nums; }
@media (max-width: 700px) {
  .top { padding: 8px 12px; }
  .refresh { margin-left: 0; }
  main { padding: 4px 12px 30px; }
  thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
  table, tbody, tr, td { display: block; width: 100%; }
  tr { border-bottom: 1px solid var(--line); padding: 4px 0; }
  td { border: 0; padding: 3px 10px; display: grid; grid-template-columns: 92px 1fr; gap: 8px; }
  td > * { justify-self: start; min-width: 0; }
  td::before { content: attr(data-label); font-size: 11px; text-transform: uppercase; color: var(--muted); }
}
`;
