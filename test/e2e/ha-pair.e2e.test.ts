/**
 * End to end: the HA pair of docs/notifications.md. Two daemons with the same rule and different
 * `replica` external labels forward to one real Alertmanager; `alert_relabel_configs` drops
 * `replica`, so Alertmanager sees one alert and its webhook receiver gets one page carrying the
 * shared external label. With CI=true a missing Alertmanager fails the test.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { alertmanagerAvailable, startAlertmanager, startSink, type RunningAlertmanager } from '../am-diff/alertmanager.js';
import { startDaemon, waitFor, type RunningDaemon } from '../helpers/daemon.js';

const available = await alertmanagerAvailable();
const ci = process.env['CI'] === 'true';

describe.runIf(available || ci)('HA pair: two daemons, one Alertmanager, one page', () => {
  const dir = mkdtempSync(join(tmpdir(), 'leaksleuth-ha-'));
  const daemons: RunningDaemon[] = [];
  let am: RunningAlertmanager | undefined;
  let sink: Awaited<ReturnType<typeof startSink>> | undefined;

  afterAll(async () => {
    for (const d of daemons) d.kill('SIGTERM');
    await Promise.all(daemons.map((d) => d.exited));
    await am?.stop();
    await sink?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('deduplicates the replicas\' alerts into one notification', async () => {
    if (!available) throw new Error('CI=true but prometheus-alertmanager is not installed');
    sink = await startSink();
    am = await startAlertmanager(
      dir,
      [
        'route: {receiver: pager, group_by: [alertname], group_wait: 2s, group_interval: 1h, repeat_interval: 1h}',
        `receivers: [{name: pager, webhook_configs: [{url: 'http://127.0.0.1:${sink.port}/pager'}]}]`,
        '',
      ].join('\n'),
    );
    writeFileSync(join(dir, 'rules.yaml'), 'groups:\n  - name: g\n    interval: 1s\n    rules:\n      - alert: HeapGrowth\n        expr: vector(1)\n');
    const amTarget = am.url.replace('http://', '');
    for (const replica of ['a', 'b']) {
      const cfg = join(dir, `${replica}.yaml`);
      writeFileSync(
        cfg,
        [
          'global:',
          `  external_labels: {cluster: eu-1, replica: ${replica}}`,
          'storage:',
          `  data_dir: ${join(dir, `data-${replica}`)}`,
          'cgroup_discovery: {enabled: false}',
          'go_discovery: {enabled: false}',
          'diagnosis: {enabled: false}',
          `rule_files: [${join(dir, 'rules.yaml')}]`,
          'alerting:',
          `  alertmanagers: [{static_configs: [{targets: ['${amTarget}']}]}]`,
          '  alert_relabel_configs: [{action: labeldrop, regex: replica}]',
          '',
        ].join('\n'),
      );
      daemons.push(await startDaemon(['--config', cfg]));
    }
    const pages = await waitFor(async () => {
      const r = await sink!.received();
      return r.length > 0 ? r : undefined;
    }, 'a notification', 20_000);
    // Both daemons keep re-sending; give Alertmanager time to show a second page if it would.
    await new Promise((r) => setTimeout(r, 3000));
    const all = await sink.received();
    expect(all).toHaveLength(1);
    const body = pages[0]!.body as { alerts: Array<{ labels: Record<string, string> }> };
    expect(body.alerts.map((a) => a.labels)).toEqual([{ alertname: 'HeapGrowth', cluster: 'eu-1' }]);
  }, 60_000);
});
