/**
 * user: user-written templates (`title`, `text`, `html`, `headers.Subject`) rendered with
 * Alertmanager-like data: `.Status`, `.Receiver`, `.Alerts` (with `.Firing`/`.Resolved`), `.GroupLabels`,
 * `.CommonLabels`, `.CommonAnnotations`, `.ExternalURL`, `.GroupKey`, plus `.Diagnosis`. The engine is
 * injected (a Go text/template implementation), so notify does not depend on how it is built.
 */
import type { Labels } from '../../model/labels.js';
import type { Notification, NotifyAlert } from '../types.js';
import type { UserText } from '../receivers/integration.js';
import type { IntegrationConfig } from '../types.js';
import { goTime } from '../receivers/webhook.js';

/** TemplateRenderer renders Go text/template `source` against `data`; it throws TEMPLATE_INVALID on bad input. */
export type TemplateRenderer = (source: string, data: TemplateData, opts: { escape: 'none' | 'html' | 'slack' | 'slackPlain' }) => string;

/** TemplateAlert is one alert as templates see it (Alertmanager's template.Alert). */
export interface TemplateAlert {
  readonly Status: string;
  readonly Labels: Labels;
  readonly Annotations: Labels;
  readonly StartsAt: string;
  readonly EndsAt: string;
  readonly GeneratorURL: string;
  readonly Fingerprint: string;
}

/** TemplateData mirrors Alertmanager's template.Data, with the diagnosis added. */
export interface TemplateData {
  readonly Receiver: string;
  readonly Status: string;
  readonly Alerts: readonly TemplateAlert[] & { readonly Firing: readonly TemplateAlert[]; readonly Resolved: readonly TemplateAlert[] };
  readonly GroupLabels: Labels;
  readonly CommonLabels: Labels;
  readonly CommonAnnotations: Labels;
  readonly ExternalURL: string;
  readonly GroupKey: string;
  readonly Diagnosis: Notification['diagnosis'] | null;
}

/** templateData builds the data object for a notification. */
export function templateData(n: Notification): TemplateData {
  const conv = (a: NotifyAlert): TemplateAlert => ({
    Status: a.status,
    Labels: a.labels,
    Annotations: a.annotations,
    StartsAt: goTime(a.startsAt),
    EndsAt: goTime(a.endsAt),
    GeneratorURL: a.generatorURL,
    Fingerprint: a.fingerprint,
  });
  const all = n.alerts.map(conv);
  const alerts = Object.assign(all, {
    Firing: all.filter((a) => a.Status === 'firing'),
    Resolved: all.filter((a) => a.Status === 'resolved'),
  });
  return {
    Receiver: n.receiver,
    Status: n.status,
    Alerts: alerts,
    GroupLabels: n.groupLabels,
    CommonLabels: n.commonLabels,
    CommonAnnotations: n.commonAnnotations,
    ExternalURL: n.externalURL,
    GroupKey: n.groupKey,
    Diagnosis: n.diagnosis ?? null,
  };
}

/** renderUserText renders whichever user templates the integration config sets. */
export function renderUserText(cfg: IntegrationConfig, n: Notification, render: TemplateRenderer | undefined): UserText {
  if (!render) return {};
  const data = templateData(n);
  const out: { -readonly [K in keyof UserText]: UserText[K] } = {};
  if (cfg.kind === 'slack') {
    if (cfg.title) out.title = render(cfg.title, data, { escape: 'slackPlain' });
    if (cfg.text) out.text = render(cfg.text, data, { escape: 'slack' });
  } else if (cfg.kind === 'email') {
    if (cfg.headers.Subject) out.subject = render(cfg.headers.Subject, data, { escape: 'none' });
    if (cfg.html) out.html = render(cfg.html, data, { escape: 'html' });
    if (cfg.text) out.text = render(cfg.text, data, { escape: 'none' });
  }
  return out;
}
