import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadConfigText } from '../config/load.js';
import { normalizeNotifyConfig, type RawNotifyConfig } from './config.js';

const fixtures = resolve(dirname(fileURLToPath(import.meta.url)), '../../test/fixtures/notify');

describe('notify sections through the config loader', () => {
  it('loads Alertmanager-syntax sections and normalises them, reading token_file next to the config', () => {
    const file = join(fixtures, 'notify-good.yaml');
    const r = loadConfigText(readFileSync(file, 'utf8'), file, {});
    if ('errors' in r) throw new Error(JSON.stringify(r.errors));
    const cfg = normalizeNotifyConfig(r.config.notify as RawNotifyConfig, fixtures);
    expect(cfg.route.routes.map((x) => x.opts.receiver)).toEqual(['team-email', 'pager']);
    const slack = cfg.receivers.get('slack-oncall')!.integrations[0]!;
    expect(slack.kind === 'slack' && slack.token).toBe('xoxb-from-file');
    expect(cfg.alerting.alertmanagers[0]!.urls).toEqual(['http://127.0.0.1:9093/api/v2/alerts']);
    expect(cfg.inhibitRules).toHaveLength(1);
  });

  it('reports typos in nested routes and receivers with file:line:col', () => {
    const file = join(fixtures, 'notify-bad.yaml');
    const r = loadConfigText(readFileSync(file, 'utf8'), file, {});
    expect('errors' in r).toBe(true);
    const errors = 'errors' in r ? r.errors : [];
    expect(errors.some((e) => e.line === 5 && /group_wiat/.test(e.message))).toBe(true);
    expect(errors.some((e) => e.line === 11 && /send_resolvd/.test(e.message))).toBe(true);
  });
});
