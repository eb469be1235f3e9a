/**
 * go-renderer: user notification templates on the project's Go text/template engine
 * (src/template). Alertmanager templates call `.Alerts.Firing` / `.Alerts.Resolved`, which are Go
 * methods on a slice; the engine has no methods, so those two selectors are rewritten to plain
 * fields before compiling. Values are escaped for where the text lands (Slack mrkdwn, HTML) by
 * escaping every string in the data, since the engine is text/template, not html/template.
 */
import { DaemonError, ErrorCode, errorMessage } from '../../core/errors.js';
import type { TemplateFunc } from '../../template/exec.js';
import { compileTemplate, type Template } from '../../template/template.js';
import { escapeHtml, escapeSlack, escapeSlackPlain } from './escape.js';
import type { Receiver } from '../types.js';
import type { TemplateData, TemplateRenderer } from './user.js';

/** EscapeMode names where rendered text is shown. */
export type EscapeMode = 'none' | 'html' | 'slack' | 'slackPlain';

/** NOTIFY_FUNCS are Alertmanager template functions the rule-template engine lacks. */
export const NOTIFY_FUNCS: Readonly<Record<string, TemplateFunc>> = {
  join: (sep, list) => (Array.isArray(list) ? list.map(String).join(String(sep)) : String(list ?? '')),
  trimSpace: (s) => String(s ?? '').trim(),
  stringSlice: (...xs) => xs.map(String),
  sortedPairs: (m) =>
    Object.entries((m ?? {}) as Record<string, string>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([Name, Value]) => ({ Name, Value })),
  labelNames: (m) => Object.keys((m ?? {}) as Record<string, string>).sort(),
  labelValues: (m) =>
    Object.entries((m ?? {}) as Record<string, string>)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([, v]) => v),
};

/** rewriteAlertmanagerSelectors maps the slice methods Alertmanager templates use onto fields. */
export function rewriteAlertmanagerSelectors(src: string): string {
  return src.replace(/\.Alerts\.Firing\b/g, '.FiringAlerts').replace(/\.Alerts\.Resolved\b/g, '.ResolvedAlerts');
}

function escapeDeep(v: unknown, f: (s: string) => string): unknown {
  if (typeof v === 'string') return f(v);
  if (Array.isArray(v)) return v.map((x) => escapeDeep(x, f));
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = escapeDeep(x, f);
    return out;
  }
  return v;
}

const ESCAPERS: Record<EscapeMode, ((s: string) => string) | undefined> = {
  none: undefined,
  html: escapeHtml,
  slack: escapeSlack,
  slackPlain: escapeSlackPlain,
};

/** createGoTemplateRenderer returns a renderer that compiles each distinct source once. */
export function createGoTemplateRenderer(externalURL = ''): TemplateRenderer {
  const cache = new Map<string, Template>();
  return (source, data, opts) => {
    let t = cache.get(source);
    if (!t) {
      t = compileTemplate('notification', rewriteAlertmanagerSelectors(source), { funcs: NOTIFY_FUNCS, externalURL });
      if (cache.size > 256) cache.clear();
      cache.set(source, t);
    }
    const f = ESCAPERS[opts.escape];
    const view: TemplateData & { FiringAlerts: unknown; ResolvedAlerts: unknown } = {
      ...data,
      FiringAlerts: data.Alerts.Firing,
      ResolvedAlerts: data.Alerts.Resolved,
    };
    return t.execute(f ? escapeDeep(view, f) : view, { missingKey: 'zero' });
  };
}

/** validateUserTemplates compiles every user template in the receivers so bad syntax fails at load, not at 3 a.m. */
export function validateUserTemplates(receivers: Iterable<Receiver>): void {
  for (const r of receivers) {
    r.integrations.forEach((c, i) => {
      const sources: Array<[string, string | undefined]> =
        c.kind === 'slack' ? [['title', c.title], ['text', c.text]] : c.kind === 'email' ? [['headers.Subject', c.headers.Subject], ['html', c.html], ['text', c.text]] : [];
      for (const [field, src] of sources) {
        if (src === undefined) continue;
        try {
          compileTemplate('notification', rewriteAlertmanagerSelectors(src), { funcs: NOTIFY_FUNCS });
        } catch (err) {
          throw new DaemonError(ErrorCode.TEMPLATE_INVALID, `receivers "${r.name}" ${c.kind}_configs[${i}].${field}: ${errorMessage(err)}`, { cause: err });
        }
      }
    });
  }
}
