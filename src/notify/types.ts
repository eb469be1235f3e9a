/**
 * types: the notify stage's own vocabulary — the normalised routing config, the alert as the
 * dispatcher sees it (Alertmanager's shape: status, startsAt/endsAt, fingerprint) and the
 * notification data handed to receivers and templates.
 */
import type { Labels } from '../model/labels.js';
import type { CompiledMatcher } from '../model/matcher.js';
import type { Diagnosis } from '../model/finding.js';
import type { RelabelConfig } from '../model/relabel.js';

/** RouteOpts are the per-route settings that children inherit from their parent. */
export interface RouteOpts {
  readonly receiver: string;
  /** groupBy lists label names; ignored when groupByAll is set (`group_by: ['...']`). */
  readonly groupBy: readonly string[];
  readonly groupByAll: boolean;
  readonly groupWait: number;
  readonly groupInterval: number;
  readonly repeatInterval: number;
}

/** Route is one node of the routing tree, with its options already inherited. */
export interface Route {
  readonly opts: RouteOpts;
  readonly matchers: readonly CompiledMatcher[];
  readonly continue: boolean;
  readonly routes: readonly Route[];
  /**
   * key is Alertmanager's route key (Route.Key): the parent key, `/`, and this route's sorted
   * matchers. Sibling routes with equal matchers share it, so it is not an identity.
   */
  readonly key: string;
  /**
   * id names this node of the tree (Alertmanager's Route.ID): the key plus the node's index among
   * its siblings at every level, e.g. `{}/{team="a"}/1`. Aggregation groups are per node.
   */
  readonly id: string;
  /** legacyKey is the route key as leaksleuth wrote it before following Alertmanager (matchers unsorted). */
  readonly legacyKey: string;
}

/** InhibitRule mutes targets while a matching source fires with the same `equal` labels. */
export interface InhibitRule {
  readonly source: readonly CompiledMatcher[];
  readonly target: readonly CompiledMatcher[];
  readonly equal: readonly string[];
}

/** SlackConfig is one `slack_configs` entry: Web API (token) or incoming webhook (api_url). */
export interface SlackConfig {
  readonly kind: 'slack';
  readonly sendResolved: boolean;
  readonly channel: string;
  readonly token?: string;
  readonly webhookUrl?: string;
  readonly slackApiUrl?: string;
  readonly username?: string;
  readonly iconEmoji?: string;
  readonly title?: string;
  readonly text?: string;
  readonly timeoutMs: number;
}

/** EmailConfig is one `email_configs` entry (SMTP with STARTTLS or implicit TLS). */
export interface EmailConfig {
  readonly kind: 'email';
  readonly sendResolved: boolean;
  readonly to: readonly string[];
  readonly from: string;
  readonly host: string;
  readonly port: number;
  readonly hello?: string;
  readonly authUsername?: string;
  readonly authPassword?: string;
  readonly requireTls: boolean;
  readonly insecureSkipVerify: boolean;
  readonly headers: Readonly<Record<string, string>>;
  readonly html?: string;
  readonly text?: string;
  readonly timeoutMs: number;
}

/** WebhookConfig is one `webhook_configs` entry (Alertmanager v4 payload). */
export interface WebhookConfig {
  readonly kind: 'webhook';
  readonly sendResolved: boolean;
  readonly url: string;
  readonly maxAlerts: number;
  readonly timeoutMs: number;
}

/** IntegrationConfig is any one receiver integration. */
export type IntegrationConfig = SlackConfig | EmailConfig | WebhookConfig;

/** Receiver is a named list of integrations, as in Alertmanager. */
export interface Receiver {
  readonly name: string;
  readonly integrations: readonly IntegrationConfig[];
}

/** AlertingConfig lists the Alertmanagers every alert is also posted to (Prometheus `alerting:`). */
export interface AlertingConfig {
  readonly alertmanagers: ReadonlyArray<{ readonly urls: readonly string[]; readonly timeoutMs: number }>;
  /**
   * resendDelay is Prometheus' `--rules.alert.resend-delay` (1m). The rule engine applies it (it
   * decides which alerts are handed on, and stamps validUntil); here it only bounds endsAt of an
   * alert that arrives without validUntil.
   */
  readonly resendDelay: number;
}

/** NotifyConfig is the validated, normalised notify configuration. */
export interface NotifyConfig {
  readonly route: Route;
  readonly receivers: ReadonlyMap<string, Receiver>;
  readonly inhibitRules: readonly InhibitRule[];
  readonly alerting: AlertingConfig;
  readonly externalUrl: string;
  /** externalLabels are added to every alert that leaves (rule labels win), as Prometheus does. */
  readonly externalLabels: Labels;
  /** alertRelabel is `alerting.alert_relabel_configs`, applied after the external labels. */
  readonly alertRelabel: readonly RelabelConfig[];
}

/** AlertStatus is Alertmanager's two-valued status. */
export type AlertStatus = 'firing' | 'resolved';

/** NotifyAlert is an alert as the dispatcher handles it; also the template/webhook alert shape. */
export interface NotifyAlert {
  readonly status: AlertStatus;
  readonly labels: Labels;
  readonly annotations: Labels;
  /** startsAt / endsAt are ms since epoch; endsAt is 0 while firing. */
  readonly startsAt: number;
  readonly endsAt: number;
  readonly generatorURL: string;
  readonly fingerprint: string;
  readonly diagnosis?: Diagnosis;
}

/** Notification is one message for one receiver integration: Alertmanager's template Data plus keys. */
export interface Notification {
  readonly receiver: string;
  readonly status: AlertStatus;
  readonly alerts: readonly NotifyAlert[];
  readonly groupLabels: Labels;
  readonly commonLabels: Labels;
  readonly commonAnnotations: Labels;
  readonly externalURL: string;
  readonly groupKey: string;
  readonly truncatedAlerts: number;
  /** diagnosis is the strongest diagnosis among the alerts (a real leak outranks a look-alike). */
  readonly diagnosis?: Diagnosis;
}
