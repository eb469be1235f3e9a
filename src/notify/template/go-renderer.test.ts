import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { DaemonError } from '../../core/errors.js';
import { nopLogger } from '../../core/log.js';
import { buildNotification, toNotifyAlert } from '../data.js';
import { createNotifier } from '../index.js';
import { makeAlert, startFakeSlack } from '../receivers/fake.js';
import { createGoTemplateRenderer } from './go-renderer.js';
import { templateData } from './user.js';

const T = Date.parse('2026-11-22T00:00:00Z');
const n = buildNotification(
  'team',
  '{}:{alertname="HeapGrowth"}',
  { alertname: 'HeapGrowth' },
  [
    toNotifyAlert(makeAlert({ alertname: 'HeapGrowth', instance: 'a<b>', severity: 'critical' }, { firedAt: T, annotations: { summary: 'grows *fast*' } }))!,
    toNotifyAlert(makeAlert({ alertname: 'HeapGrowth', instance: 'c', severity: 'critical' }, { firedAt: T, resolvedAt: T + 1 }))!,
  ],
  'http://leaksleuth',
);
const render = createGoTemplateRenderer();

describe('user templates on the Go template engine', () => {
  it('sees Alertmanager data, including .Alerts.Firing and .Alerts.Resolved', () => {
    const src =
      '[{{ .Status | toUpper }}:{{ len .Alerts.Firing }}] {{ .CommonLabels.alertname }} {{ range .Alerts.Resolved }}resolved={{ .Labels.instance }}{{ end }} {{ .ExternalURL }}';
    expect(render(src, templateData(n), { escape: 'none' })).toBe('[FIRING:1] HeapGrowth resolved=c http://leaksleuth');
  });

  it('escapes values for the destination', () => {
    const src = '{{ range .Alerts }}{{ .Labels.instance }} {{ .Annotations.summary }};{{ end }}';
    expect(render(src, templateData(n), { escape: 'html' })).toContain('a&lt;b&gt; grows *fast*');
    const slack = render(src, templateData(n), { escape: 'slack' });
    expect(slack).toContain('a&lt;b&gt;');
    expect(slack).not.toContain('*fast*');
  });

  it('offers join, sortedPairs and the Prometheus helpers', () => {
    const src = '{{ range sortedPairs .CommonLabels }}{{ .Name }}={{ .Value }} {{ end }}{{ join "," (labelNames .GroupLabels) }} {{ humanize 1234567 }}';
    expect(render(src, templateData(n), { escape: 'none' })).toBe('alertname=HeapGrowth severity=critical alertname 1.235M');
  });

  it('rejects a broken template when the notifier is built', () => {
    expect(() =>
      createNotifier(
        { receivers: [{ name: 'r', slack_configs: [{ api_url: 'http://127.0.0.1:1/x', text: '{{ .Status ' }] }] },
        { dataDir: mkdtempSync(join(tmpdir(), 'tpl-')), clock: systemClock, log: nopLogger, registry: new Registry() },
      ),
    ).toThrow(DaemonError);
  });

  it('uses the user title and text in Slack', async () => {
    const slack = await startFakeSlack();
    const notifier = createNotifier(
      {
        route: { receiver: 'r', group_wait: '0s' },
        receivers: [{ name: 'r', slack_configs: [{ token: 'x', channel: '#c', title: '{{ .CommonLabels.alertname }} is {{ .Status }}', text: 'instances: {{ range .Alerts }}{{ .Labels.instance }} {{ end }}' }] }],
      },
      { dataDir: mkdtempSync(join(tmpdir(), 'tpl-')), clock: systemClock, log: nopLogger, registry: new Registry(), slackApiUrl: slack.apiUrl },
    );
    await notifier.send([makeAlert({ alertname: 'Mine', instance: '<!here>' }, { firedAt: Date.now() })], Date.now());
    const [post] = await slack.waitFor('chat.postMessage', 1);
    const blocks = JSON.stringify(post!.params.blocks);
    expect(blocks).toContain('Mine is firing');
    expect(blocks).toContain('instances: &lt;!here&gt;');
    await notifier.stop();
    await slack.close();
  });
});
