/**
 * diagnoses: the renderer for GET /api/v1/diagnoses — one card per target with its primary verdict,
 * then each finding's explanation, evidence (humanised by unit), advice and time to the memory limit.
 * Bundle rule: reach formatters and builders only through `k` (see kit.ts).
 */
import type { Doc, El } from './dom.js';
import type { DiagnosisJSON, FindingJSON, Kit } from './kit.js';

/** renderDiagnoses renders every target's diagnosis; leaks first, so the worst news is on top. */
export function renderDiagnoses(k: Kit, doc: Doc, body: unknown, now: number): El[] {
  const list = k.asList<DiagnosisJSON>(k.pick(body, 'data', 'diagnoses'));
  if (list.length === 0) return [k.notice(doc, 'No diagnoses yet.', 'empty')];
  const rank = (v: string): number => ['bad', 'warn', 'none', 'good'].indexOf(k.verdictTone(v));
  const sorted = [...list].sort((a, b) => rank(a.verdict) - rank(b.verdict) || String(a.target).localeCompare(String(b.target)));
  // Targets that expose no Go runtime metrics (a sidecar, the daemon itself, a non-Go exporter)
  // can only ever say "insufficient data": they are folded away below the Go services.
  const noGo = (d: DiagnosisJSON): boolean =>
    d.verdict === 'insufficient_data' && k.asList<FindingJSON>(d.findings).some((f) => k.asList<string>(f.missing).some((m) => /^go_|no Go runtime series/.test(m)));
  const shown = sorted.filter((d) => !noGo(d));
  const folded = sorted.filter(noGo);
  const out = shown.map((d) => renderDiagnosis(k, doc, d, now));
  if (folded.length > 0) {
    out.push(
      k.el(
        doc,
        'details',
        { class: 'folded' },
        k.text(doc, 'summary', `${folded.length} target${folded.length === 1 ? '' : 's'} without Go metrics`),
        ...folded.map((d) => renderDiagnosis(k, doc, d, now)),
      ),
    );
  }
  return out;
}

/** confidenceText is "confidence 90 %", or what is missing when there is no verdict to be confident in. */
export function confidenceText(k: Kit, verdict: string, confidence: number): string {
  // Exported because the page bundle ships exported functions only (bundle.ts).
  return verdict === 'insufficient_data' ? 'no verdict yet' : `confidence ${k.formatConfidence(confidence)}`;
}

/** renderDiagnosis builds one target's card. */
export function renderDiagnosis(k: Kit, doc: Doc, d: DiagnosisJSON, now: number): El {
  const at = typeof d.at === 'number' ? new Date(d.at).toISOString() : String(d.at);
  const head = k.el(
    doc,
    'div',
    { class: 'card-head' },
    k.text(doc, 'h3', String(d.target)),
    k.badge(doc, k.verdictText(d.verdict), k.verdictTone(d.verdict), d.verdict),
    k.text(doc, 'span', confidenceText(k, d.verdict, d.confidence), 'muted'),
    k.text(doc, 'span', `diagnosed ${k.formatAgo(at, now)}`, 'muted'),
  );
  const card = k.el(doc, 'article', { class: `card tone-border-${k.verdictTone(d.verdict)}` }, head);
  // The chart the notification would carry, drawn by the daemon (GET /api/v1/chart.svg).
  const slash = String(d.target).indexOf('/');
  if (slash > 0) {
    const job = String(d.target).slice(0, slash);
    const instance = String(d.target).slice(slash + 1);
    card.appendChild(k.chartImage(doc, k.chartUrl(job, instance), `memory chart of ${d.target}`, 'chart'));
  }
  const findings = k.asList<FindingJSON>(d.findings);
  if (findings.length === 0) card.appendChild(k.notice(doc, 'No findings recorded.', 'empty'));
  for (const f of findings) card.appendChild(renderFinding(k, doc, f));
  return card;
}

/** renderFinding builds one finding: verdict, explanation, projection, evidence table, advice. */
export function renderFinding(k: Kit, doc: Doc, f: FindingJSON): El {
  const box = k.el(
    doc,
    'section',
    { class: 'finding' },
    k.el(doc, 'div', { class: 'card-head' }, k.badge(doc, k.verdictText(f.verdict), k.verdictTone(f.verdict), f.verdict), k.text(doc, 'span', confidenceText(k, f.verdict, f.confidence), 'muted')),
  );
  if (f.explanation) box.appendChild(k.text(doc, 'p', f.explanation));
  if (f.projection) {
    const p = f.projection;
    const eta = p.secondsToLimit === null ? 'not on course to reach it' : `reached in ${k.humanDuration(p.secondsToLimit)}`;
    box.appendChild(k.text(doc, 'p', `Memory limit ${k.humanBytes(p.limitBytes)}: ${eta}`, p.secondsToLimit === null ? 'projection' : 'projection projection-eta'));
  }
  const ev = k.asList<{ name: string; value: number; unit: string; source: string }>(f.evidence);
  if (ev.length) {
    const rows = ev.map((e) => [k.text(doc, 'span', e.name), k.text(doc, 'span', k.formatEvidence(e.value, e.unit), 'num'), k.text(doc, 'code', e.source, 'query')]);
    box.appendChild(k.table(doc, `Evidence for ${f.verdict}`, ['Evidence', 'Value', 'Source'], rows));
  }
  const where = k.asList<{ text: string }>(f.where);
  if (where.length) {
    box.appendChild(k.text(doc, 'h4', 'Where (pprof)'));
    box.appendChild(k.el(doc, 'ul', { class: 'where' }, ...where.map((w) => k.text(doc, 'li', w.text))));
  }
  const missing = k.asList<string>(f.missing);
  if (missing.length) box.appendChild(k.text(doc, 'p', `Missing inputs: ${missing.join(', ')}`, 'muted'));
  const recs = k.asList<string>(f.recommendations);
  if (recs.length) {
    box.appendChild(k.text(doc, 'h4', 'What to do'));
    box.appendChild(k.el(doc, 'ul', { class: 'recs' }, ...recs.map((r) => k.text(doc, 'li', r))));
  }
  return box;
}
