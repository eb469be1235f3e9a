/**
 * schema-notify: JSON Schema fragments for the Alertmanager-style sections of the daemon config
 * (`alerting`, `route`, `receivers`, `inhibit_rules`). Owned by the notify stage; the main schema in
 * schema.ts embeds `notifySectionSchemas`. Unknown keys are rejected everywhere, so a typo such as
 * `group_wiat` fails validation instead of silently falling back to a default. Cross-field rules
 * (receiver names exist, regexes compile, durations parse) are checked by notify/config.ts.
 */

const duration = {
  type: 'string',
  pattern: '^(0|(\\d+y)?(\\d+w)?(\\d+d)?(\\d+h)?(\\d+m)?(\\d+s)?(\\d+ms)?)$',
  minLength: 1,
} as const;
const stringMap = { type: 'object', additionalProperties: { type: 'string' } } as const;
const stringList = { type: 'array', items: { type: 'string' } } as const;
const secretPair = (name: string): Record<string, object> => ({ [name]: { type: 'string' }, [`${name}_file`]: { type: 'string' } });

// relabel_config: the structure only; notify/config.ts and config/convert.ts check the semantics
// (actions, required fields, regexes) with model/relabel.ts, as Prometheus validates them.
const relabelConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    source_labels: { type: 'array', items: { type: 'string', pattern: '^[a-zA-Z_][a-zA-Z0-9_]*$' } },
    separator: { type: 'string' },
    regex: { type: 'string' },
    modulus: { type: 'integer', minimum: 0 },
    target_label: { type: 'string' },
    replacement: { type: 'string' },
    action: { type: 'string' },
  },
} as const;

// The route schema carries its own $id so that `$ref: '#'` (the recursion into child routes)
// resolves to itself wherever schema.ts embeds it.
const route: Record<string, unknown> = {
  $id: 'https://leaksleuth.dev/schemas/notify-route.json',
  type: 'object',
  additionalProperties: false,
  properties: {
    receiver: { type: 'string' },
    group_by: stringList,
    group_wait: duration,
    group_interval: duration,
    repeat_interval: duration,
    matchers: stringList,
    match: stringMap,
    match_re: stringMap,
    continue: { type: 'boolean' },
    routes: { type: 'array', items: { $ref: '#' } },
  },
};

const slackConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    send_resolved: { type: 'boolean' },
    ...secretPair('token'),
    ...secretPair('api_url'),
    slack_api_url: { type: 'string' },
    channel: { type: 'string' },
    username: { type: 'string' },
    icon_emoji: { type: 'string' },
    title: { type: 'string' },
    text: { type: 'string' },
    timeout: duration,
  },
};

const emailConfig = {
  type: 'object',
  additionalProperties: false,
  required: ['to'],
  properties: {
    send_resolved: { type: 'boolean' },
    to: { anyOf: [{ type: 'string' }, stringList] },
    from: { type: 'string' },
    smarthost: { type: 'string', pattern: '^.+:\\d+$' },
    hello: { type: 'string' },
    auth_username: { type: 'string' },
    ...secretPair('auth_password'),
    require_tls: { type: 'boolean' },
    tls_config: { type: 'object', additionalProperties: false, properties: { insecure_skip_verify: { type: 'boolean' } } },
    headers: stringMap,
    html: { type: 'string' },
    text: { type: 'string' },
    timeout: duration,
  },
};

const webhookConfig = {
  type: 'object',
  additionalProperties: false,
  properties: {
    send_resolved: { type: 'boolean' },
    ...secretPair('url'),
    max_alerts: { type: 'integer', minimum: 0 },
    timeout: duration,
  },
};

/** notifySectionSchemas maps each top-level config key owned by notify to its JSON Schema. */
export const notifySectionSchemas: Record<string, object> = {
  alerting: {
    type: 'object',
    additionalProperties: false,
    properties: {
      alertmanagers: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          properties: {
            static_configs: {
              type: 'array',
              items: { type: 'object', additionalProperties: false, required: ['targets'], properties: { targets: stringList } },
            },
            scheme: { enum: ['http', 'https'] },
            path_prefix: { type: 'string' },
            timeout: duration,
            api_version: { enum: ['v2'] },
          },
        },
      },
      resend_delay: duration,
      alert_relabel_configs: { type: 'array', items: relabelConfig },
    },
  },
  route,
  receivers: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        slack_configs: { type: 'array', items: slackConfig },
        email_configs: { type: 'array', items: emailConfig },
        webhook_configs: { type: 'array', items: webhookConfig },
      },
    },
  },
  inhibit_rules: {
    type: 'array',
    items: {
      type: 'object',
      additionalProperties: false,
      properties: {
        source_matchers: stringList,
        target_matchers: stringList,
        source_match: stringMap,
        source_match_re: stringMap,
        target_match: stringMap,
        target_match_re: stringMap,
        equal: stringList,
      },
    },
  },
};
