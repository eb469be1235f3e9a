import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { notifySectionSchemas } from './schema-notify.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile({ type: 'object', additionalProperties: false, properties: notifySectionSchemas });

describe('notifySectionSchemas', () => {
  it('accepts an Alertmanager-style config with nested routes', () => {
    const ok = validate({
      alerting: { alertmanagers: [{ static_configs: [{ targets: ['127.0.0.1:9093'] }], timeout: '10s' }] },
      route: {
        receiver: 'slack',
        group_by: ['alertname'],
        group_wait: '30s',
        routes: [{ matchers: ['severity="critical"'], receiver: 'pager', routes: [{ match_re: { job: 'api|db' }, continue: true }] }],
      },
      receivers: [
        { name: 'slack', slack_configs: [{ token_file: '/run/secrets/slack', channel: '#alerts' }] },
        { name: 'pager', email_configs: [{ to: 'oncall@example.com', smarthost: 'smtp:587' }], webhook_configs: [{ url: 'http://x', max_alerts: 10 }] },
      ],
      inhibit_rules: [{ source_matchers: ['severity="critical"'], target_matchers: ['severity="warning"'], equal: ['instance'] }],
    });
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('rejects unknown keys and bad durations, also in nested routes', () => {
    expect(validate({ route: { routes: [{ routes: [{ group_wiat: '1m' }] }] } })).toBe(false);
    expect(validate({ route: { group_wait: '30 seconds' } })).toBe(false);
    expect(validate({ receivers: [{ name: 'x', slack_configs: [{ chanel: '#a' }] }] })).toBe(false);
  });
});
