/**
 * sections: renderers for the alerts, targets and rules sections. Each takes a parsed API body and
 * returns the section's content; an unexpected shape renders as the empty state instead of throwing,
 * so one odd endpoint never blanks the page.
 * Bundle rule: reach formatters and builders only through `k` (see kit.ts).
 */
import type { Doc, El } from './dom.js';
import type { AlertJSON, Kit, RuleGroupJSON, RuleJSON, TargetJSON } from './kit.js';

/** renderAlerts lists active alerts with state, diagnosis badge, labels, summary and value. */
export function renderAlerts(k: Kit, doc: Doc, body: unknown, now: number): El[] {
  const alerts = k.asList<AlertJSON>(k.pick(body, 'data', 'alerts'));
  if (alerts.length === 0) return [k.notice(doc, 'No active alerts.', 'empty')];
  const order = (s: string | undefined): number => (s === 'firing' ? 0 : s === 'pending' ? 1 : 2);
  const sorted = [...alerts].sort((a, b) => order(a.state) - order(b.state));
  const rows = sorted.map((a) => {
    const labels = a.labels ?? {};
    const verdict = labels['diagnosis'];
    const ann = a.annotations ?? {};
    const summary = ann['summary'] ?? ann['description'] ?? '';
    // A silenced or inhibited alert is still firing, but nobody is told: the page says so.
    const sup = a.suppressed;
    const held = sup && (sup.inhibited || (sup.silencedBy ?? []).length > 0);
    const state = k.el(
      doc,
      'span',
      { class: 'stack' },
      k.badge(doc, a.state ?? 'unknown', held ? 'none' : k.healthTone(a.state ?? '')),
      held && (sup.silencedBy ?? []).length > 0 ? k.badge(doc, 'silenced', 'none', `silence ${(sup.silencedBy ?? []).join(', ')}`) : null,
      held && sup.inhibited ? k.badge(doc, 'inhibited', 'none', 'muted by an inhibit rule') : null,
    );
    const chart = labels['job'] && labels['instance'] ? k.chartImage(doc, k.chartUrl(labels['job'], labels['instance']), `memory chart of ${labels['job']}/${labels['instance']}`, 'chart chart-small') : null;
    return [
      state,
      k.text(doc, 'strong', labels['alertname'] ?? '(unnamed)'),
      verdict ? k.badge(doc, k.verdictText(verdict), k.verdictTone(verdict), verdict) : k.text(doc, 'span', '—', 'muted'),
      k.labelList(doc, labels, ['alertname', 'diagnosis']),
      k.el(doc, 'span', { class: 'stack' }, summary ? k.text(doc, 'span', summary) : k.text(doc, 'span', '—', 'muted'), chart),
      k.text(doc, 'span', k.formatAlertValue(a.value, labels), 'num'),
      k.formatAgo(a.activeAt, now),
    ];
  });
  return [k.table(doc, 'Active alerts', ['State', 'Alert', 'Diagnosis', 'Labels', 'Summary', 'Value', 'Active since'], rows)];
}

/** renderTargets lists scrape targets and discovered cgroups with health, errors and timings. */
export function renderTargets(k: Kit, doc: Doc, body: unknown, now: number): El[] {
  const targets = k.asList<TargetJSON>(k.pick(body, 'data', 'activeTargets'));
  const cgroups = k.asList<{ labels?: Record<string, string>; cgroup?: { path: string; health: string; lastError: string } }>(
    k.pick(body, 'data', 'cgroups'),
  );
  const ds = k.pick(body, 'data', 'datasource') as
    | { url?: string; health?: string; lastSync?: string; lastSyncDuration?: number; lastError?: string; targets?: unknown }
    | undefined;
  const goServices = k.asList<{ pid?: number; name?: string; goVersion?: string; labels?: Record<string, string>; scraped?: boolean; pprof?: boolean; unit?: string; container?: string; foundBy?: string }>(
    k.pick(body, 'data', 'goServices'),
  );
  const out: El[] = [];
  if (goServices.length > 0) {
    // Go discovery: each Go process on the host, what it is watched as, and how it was found.
    out.push(k.text(doc, 'h3', `Go services on this host (${goServices.length})`));
    const rows = goServices.map((g) => [
      k.el(doc, 'span', { class: 'stack' }, k.text(doc, 'strong', g.name ?? ''), k.text(doc, 'span', `pid ${g.pid ?? '?'}${g.goVersion ? ' · ' + g.goVersion : ''}${g.unit ? ' · ' + g.unit : ''}${g.container ? ' · container ' + g.container : ''}`, 'muted')),
      k.labelList(doc, g.labels, []),
      k.badge(doc, g.scraped ? 'scraped' : 'cgroup + /proc', g.scraped ? 'good' : 'warn'),
      k.badge(doc, g.pprof ? 'pprof' : 'no pprof', g.pprof ? 'good' : 'none'),
      k.text(doc, 'span', g.foundBy ?? ''),
    ]);
    out.push(k.table(doc, 'Go services on this host', ['Process', 'Watched as', 'Metrics', 'pprof', 'How it was found'], rows));
  }
  if (ds && typeof ds === 'object') {
    // Datasource mode: the Go targets come from the remote API, not from local scrapes.
    const found = k.asList<{ labels?: Record<string, string> }>(ds.targets);
    out.push(
      k.table(doc, 'Datasource', ['API', 'Health', 'Go targets', 'Last copy', 'Duration', 'Error'], [
        [
          k.text(doc, 'span', ds.url ?? '', 'url'),
          k.badge(doc, ds.health ?? 'unknown', k.healthTone(ds.health ?? '')),
          k.el(doc, 'span', { class: 'stack' }, ...(found.length ? found.map((t) => k.labelList(doc, t.labels, [])) : [k.text(doc, 'span', 'none found', 'muted')])),
          k.formatAgo(ds.lastSync, now),
          ds.lastSyncDuration === undefined ? '—' : k.humanDuration(ds.lastSyncDuration),
          ds.lastError ? k.text(doc, 'span', ds.lastError, 'error-text') : k.text(doc, 'span', '—', 'muted'),
        ],
      ]),
    );
  }
  if (targets.length === 0) {
    if (!ds && goServices.length === 0) out.push(k.notice(doc, 'No scrape targets configured.', 'empty'));
  }
  else {
    const rows = targets.map((t) => {
      const cg = t.cgroup;
      const err = [t.lastError, cg?.lastError ? `cgroup: ${cg.lastError}` : ''].filter((s) => s).join('\n');
      return [
        k.el(doc, 'span', { class: 'stack' }, k.text(doc, 'span', t.scrapeUrl ?? '', 'url'), k.labelList(doc, t.labels, [])),
        k.badge(doc, t.health ?? 'unknown', k.healthTone(t.health ?? '')),
        cg ? k.el(doc, 'span', { class: 'stack' }, k.badge(doc, cg.health, k.healthTone(cg.health)), k.text(doc, 'code', cg.path, 'path')) : k.text(doc, 'span', 'none', 'muted'),
        k.formatAgo(t.lastScrape, now),
        t.lastScrapeDuration === undefined ? '—' : k.humanDuration(t.lastScrapeDuration),
        err ? k.text(doc, 'span', err, 'error-text') : k.text(doc, 'span', '—', 'muted'),
      ];
    });
    out.push(k.table(doc, 'Scrape targets', ['Endpoint', 'Health', 'Cgroup', 'Last scrape', 'Duration', 'Error'], rows));
  }
  if (cgroups.length > 0) {
    out.push(k.text(doc, 'h3', `Discovered cgroups (${cgroups.length})`));
    const rows = cgroups.map((c) => [
      k.labelList(doc, c.labels, []),
      k.badge(doc, c.cgroup?.health ?? 'unknown', k.healthTone(c.cgroup?.health ?? '')),
      k.text(doc, 'code', c.cgroup?.path ?? '', 'path'),
      c.cgroup?.lastError ? k.text(doc, 'span', c.cgroup.lastError, 'error-text') : k.text(doc, 'span', '—', 'muted'),
    ]);
    out.push(k.table(doc, 'Discovered cgroups', ['Labels', 'Health', 'Path', 'Error'], rows));
  }
  return out;
}

/** renderRules lists rule groups and their rules with health, state, query and evaluation time. */
export function renderRules(k: Kit, doc: Doc, body: unknown): El[] {
  const groups = k.asList<RuleGroupJSON>(k.pick(body, 'data', 'groups'));
  if (groups.length === 0) return [k.notice(doc, 'No rule groups loaded.', 'empty')];
  const out: El[] = [];
  for (const g of groups) {
    const rules = k.asList<RuleJSON>(g.rules);
    const heading = `${g.name ?? '(unnamed group)'}${g.file ? ` — ${g.file}` : ''}`;
    out.push(k.text(doc, 'h3', heading));
    const rows = rules.map((r) => [
      k.el(doc, 'span', { class: 'stack' }, k.text(doc, 'strong', r.name ?? ''), k.text(doc, 'span', r.type === 'recording' ? 'record' : 'alert', 'muted')),
      k.badge(doc, r.health ?? 'unknown', k.healthTone(r.health ?? '')),
      r.type === 'alerting' && r.state ? k.badge(doc, r.state, k.healthTone(r.state)) : k.text(doc, 'span', '—', 'muted'),
      // The query opens the daemon's expression page (relative, so it follows server.external_url's path).
      r.query ? k.el(doc, 'a', { href: `graph?g0.expr=${encodeURIComponent(r.query)}&g0.tab=1`, title: 'Open this expression: current result and graph' }, k.text(doc, 'code', r.query, 'query')) : k.text(doc, 'code', '', 'query'),
      r.evaluationTime === undefined ? '—' : k.humanDuration(r.evaluationTime),
      r.lastError ? k.text(doc, 'span', r.lastError, 'error-text') : k.text(doc, 'span', '—', 'muted'),
    ]);
    out.push(rows.length ? k.table(doc, `Rules of ${heading}`, ['Rule', 'Health', 'State', 'Query', 'Eval time', 'Error'], rows) : k.notice(doc, 'No rules in this group.', 'empty'));
  }
  return out;
}
