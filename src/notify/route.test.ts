import { describe, expect, it } from 'vitest';
import { DaemonError } from '../core/errors.js';
import { normalizeNotifyConfig, type RawNotifyConfig } from './config.js';
import { groupKey, groupLabels, matchRoutes } from './route.js';

const raw: RawNotifyConfig = {
  route: {
    receiver: 'default',
    group_by: ['alertname'],
    routes: [
      { matchers: ['severity="critical"'], receiver: 'pager', group_wait: '10s', routes: [{ match: { team: 'db' }, receiver: 'db-pager' }] },
      { match_re: { job: 'api|web' }, receiver: 'api', continue: true, group_by: ['...'] },
      { matchers: ['job="api"'], receiver: 'api-audit', repeat_interval: '1h' },
      { matchers: ['diagnosis=~"page_cache|runtime_retention"'], receiver: 'lookalikes' },
    ],
  },
  receivers: ['default', 'pager', 'db-pager', 'api', 'api-audit', 'lookalikes'].map((name) => ({ name })),
};
const cfg = normalizeNotifyConfig(raw);

describe('route tree', () => {
  const table: Array<[string, Record<string, string>, string[]]> = [
    ['no child matches → root', { alertname: 'X' }, ['default']],
    ['first match wins without continue', { alertname: 'X', severity: 'critical', job: 'api' }, ['pager']],
    ['nested child inherits and narrows', { alertname: 'X', severity: 'critical', team: 'db' }, ['db-pager']],
    ['continue: true lets siblings match too', { alertname: 'X', job: 'api' }, ['api', 'api-audit']],
    ['continue route matching alone', { alertname: 'X', job: 'web' }, ['api']],
    ['verdict label routes look-alikes', { alertname: 'X', diagnosis: 'page_cache' }, ['lookalikes']],
  ];
  for (const [name, labels, receivers] of table) {
    it(name, () => {
      expect(matchRoutes(cfg.route, labels).map((r) => r.opts.receiver)).toEqual(receivers);
    });
  }

  it('applies Alertmanager defaults and inheritance', () => {
    expect(cfg.route.opts).toMatchObject({ groupWait: 30_000, groupInterval: 300_000, repeatInterval: 14_400_000 });
    const pager = cfg.route.routes[0]!;
    expect(pager.opts).toMatchObject({ groupWait: 10_000, groupBy: ['alertname'] });
    expect(pager.routes[0]!.opts.groupWait).toBe(10_000);
    expect(cfg.route.routes[2]!.opts.repeatInterval).toBe(3_600_000);
  });

  it('builds group keys as route key + group labels', () => {
    const r = matchRoutes(cfg.route, { alertname: 'X', severity: 'critical', team: 'db', instance: 'a' })[0]!;
    const gl = groupLabels(r.opts, { alertname: 'X', severity: 'critical', team: 'db', instance: 'a' });
    expect(gl).toEqual({ alertname: 'X' });
    expect(groupKey(r, gl)).toBe('{}/{severity="critical"}/{team="db"}:{alertname="X"}');
  });

  it('spells route keys as Alertmanager (sorted matchers) and gives each node its own id', () => {
    const c = normalizeNotifyConfig({
      route: {
        routes: [
          { matchers: ['team="a"', 'env=~"p.*"'], match: { z: 'q"\n' }, continue: true },
          { matchers: ['env=~"p.*"', 'team="a"'] },
        ],
      },
    });
    const [first, second] = c.route.routes;
    expect(first!.key).toBe('{}/{env=~"p.*",team="a",z="q\\"\\n"}');
    expect(second!.key).toBe('{}/{env=~"p.*",team="a"}');
    expect([first!.id, second!.id]).toEqual(['{}/{env=~"p.*",team="a",z="q\\"\\n"}/0', '{}/{env=~"p.*",team="a"}/1']);
    expect(second!.legacyKey).toBe('{}/{env=~"p.*",team="a"}');
    expect(first!.legacyKey).toBe('{}/{z="q\\"\\n",team="a",env=~"p.*"}');
  });

  it('shows a legacy match_re in the route key as Alertmanager stores it (anchored)', () => {
    const c = normalizeNotifyConfig({ route: { routes: [{ match_re: { team: 'd.*' }, match: { a: 'b' } }] } });
    expect(c.route.routes[0]!.key).toBe('{}/{a="b",team=~"^(?:d.*)$"}');
    expect(matchRoutes(c.route, { a: 'b', team: 'db' })[0]).toBe(c.route.routes[0]);
    expect(matchRoutes(c.route, { a: 'b', team: 'xdb' })[0]).toBe(c.route);
  });

  it('sorts group labels as Go sorts "name=value" strings and quotes like %q', () => {
    const r = cfg.route;
    expect(groupKey(r, { a: 'x', a1: 'y', b: 'tab\there\u0001' })).toBe('{}:{a1="y", a="x", b="tab\\there\\x01"}');
  });

  it('an empty group_by inherits the parent\'s, as in Alertmanager', () => {
    const c = normalizeNotifyConfig({ route: { group_by: ['alertname'], routes: [{ matchers: ['a="b"'], group_by: [] }] } });
    expect(c.route.routes[0]!.opts.groupBy).toEqual(['alertname']);
  });

  it('group_by ... groups by every label', () => {
    const r = cfg.route.routes[1]!;
    expect(groupLabels(r.opts, { job: 'api', a: '1' })).toEqual({ job: 'api', a: '1' });
  });

  it('rejects undefined receivers, root matchers and bad durations', () => {
    expect(() => normalizeNotifyConfig({ route: { receiver: 'nope' } })).toThrow(/undefined receiver "nope"/);
    expect(() => normalizeNotifyConfig({ route: { matchers: ['a="b"'] } })).toThrow(/root route must not have any matchers/);
    expect(() => normalizeNotifyConfig({ route: { group_wait: '5 min' } })).toThrow(DaemonError);
    expect(() => normalizeNotifyConfig({ route: { routes: [{ matchers: ['a=~"("'] }] } })).toThrow(/route.routes\[0\]/);
  });

  it('defaults send_resolved per integration like Alertmanager', () => {
    const c = normalizeNotifyConfig({
      receivers: [
        {
          name: 'r',
          slack_configs: [{ api_url: 'http://127.0.0.1/hook' }],
          email_configs: [{ to: 'a@b', from: 'c@d', smarthost: '127.0.0.1:25' }],
          webhook_configs: [{ url: 'http://127.0.0.1/x' }],
        },
      ],
    });
    expect(c.receivers.get('r')!.integrations.map((i) => [i.kind, i.sendResolved])).toEqual([
      ['slack', false],
      ['email', false],
      ['webhook', true],
    ]);
  });
});
