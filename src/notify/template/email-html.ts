/**
 * email-html: the default HTML email — inline styles only (mail clients drop <style>), a coloured
 * bar for severity, the verdict and evidence as a table, the chart inline by `cid:`. Every dynamic
 * string goes through escapeHtml.
 */
import { escapeHtml as h } from './escape.js';
import type { Message } from './message.js';

/** CHART_CID is the Content-ID the inline chart attachment carries. */
export const CHART_CID = 'chart@leaksleuth';

/** emailHtml renders the message; `withChart` adds the <img src="cid:..."> reference. */
export function emailHtml(m: Message, withChart: boolean): string {
  const p = (s: string): string => `<p style="margin:8px 0">${s}</p>`;
  const parts: string[] = [];
  parts.push(`<div style="border-left:6px solid ${h(m.color)};padding:8px 16px;font-family:Arial,Helvetica,sans-serif;font-size:14px;color:#1d1d1d">`);
  parts.push(`<h2 style="margin:4px 0 8px;font-size:18px">${h(m.headline)}</h2>`);
  if (m.verdict) parts.push(p(`<strong>${h(m.verdict.title)}</strong> — confidence ${Math.round(m.verdict.confidence * 100)}%`));
  if (m.summary) parts.push(p(h(m.summary)));
  if (m.explanation) parts.push(p(code(h(m.explanation))));
  if (m.projection) parts.push(p(`<strong>${h(m.projection)}</strong>`));
  if (withChart) parts.push(`<p><img src="cid:${CHART_CID}" alt="chart of the series behind the verdict" width="640" style="max-width:100%;border:1px solid #ddd"></p>`);
  if (m.evidence.length) {
    parts.push('<table cellpadding="4" style="border-collapse:collapse;margin:8px 0">');
    for (const e of m.evidence) {
      parts.push(`<tr><td style="border-bottom:1px solid #eee"><strong>${h(e.name)}</strong></td><td style="border-bottom:1px solid #eee">${h(e.value)}</td><td style="border-bottom:1px solid #eee;color:#777;font-size:12px"><code>${h(e.source)}</code></td></tr>`);
    }
    parts.push('</table>');
  }
  if (m.where.length) {
    parts.push('<h3 style="margin:12px 0 4px;font-size:15px">Where (pprof)</h3><ul style="margin:4px 0;padding-left:20px">');
    // the `function` in a where line becomes <code>; everything is escaped first
    for (const w of m.where) parts.push(`<li>${h(w).replace(/`([^`]+)`/g, '<code>$1</code>')}</li>`);
    parts.push('</ul>');
  }
  if (m.recommendations.length) {
    parts.push('<h3 style="margin:12px 0 4px;font-size:15px">What to do</h3><ol style="margin:4px 0">');
    for (const r of m.recommendations) parts.push(`<li>${code(h(r))}</li>`);
    parts.push('</ol>');
  }
  parts.push('<h3 style="margin:12px 0 4px;font-size:15px">Alerts</h3><ul style="margin:4px 0;padding-left:20px">');
  for (const a of m.alerts) {
    const labels = a.labels.map(([k, v]) => `${h(k)}=<code>${h(v)}</code>`).join(' ');
    const link = /^https?:\/\//i.test(a.generatorURL) ? ` <a href="${h(a.generatorURL)}">source</a>` : '';
    parts.push(`<li><strong>${h(a.status.toUpperCase())}</strong> ${h(a.title)} — ${h(a.since)}${link}${a.summary ? `<br>${h(a.summary)}` : ''}<br><span style="color:#555;font-size:12px">${labels}</span></li>`);
  }
  if (m.truncated > 0) parts.push(`<li>… and ${m.truncated} more</li>`);
  parts.push('</ul>');
  const links = m.links.filter((l) => /^https?:\/\//i.test(l.url));
  if (links.length) parts.push(p(links.map((l) => `<a href="${h(l.url)}">${h(l.text)}</a>`).join(' · ')));
  parts.push('</div>');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"><title>${h(m.headline)}</title></head><body>${parts.join('\n')}</body></html>`;
}

/** code turns `code spans` of already-escaped text into <code>, so commands read as commands in mail too. */
function code(escaped: string): string {
  return escaped.replace(/`([^`]+)`/g, '<code style="font-family:monospace;background:#f3f3f3;padding:0 3px">$1</code>');
}
