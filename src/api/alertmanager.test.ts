import { describe, expect, it } from 'vitest';
import { Secret } from '../config/secret.js';
import type { AlertView, GroupSnapshot, NotifyAlert } from '../notify/index.js';
import { alertmanagerRoutes, parsePostedAlerts, redact, type AlertmanagerApi } from './alertmanager.js';
import { parseRequest, Router } from './server.js';

const AT = Date.parse('2026-01-02T03:04:05Z');
const RT = 5 * 60_000;

describe('POST /api/v2/alerts validation (Alertmanager 0.25 rules)', () => {
  it('fills startsAt and endsAt as Alertmanager does and fingerprints like it', () => {
    const r = parsePostedAlerts(JSON.stringify([{ labels: { alertname: 'X', sev: 'page', empty: '' }, annotations: { summary: 's' } }]), AT, RT);
    expect(r.errors).toEqual([]);
    expect(r.accepted).toEqual([
      {
        alert: { status: 'firing', labels: { alertname: 'X', sev: 'page' }, annotations: { summary: 's' }, startsAt: AT, endsAt: 0, generatorURL: '', fingerprint: '8c9ed468ea234f6b' },
        expiresAt: AT + RT,
      },
    ]);
    // Only endsAt, in the past: a resolve that starts when it ends.
    const res = parsePostedAlerts(JSON.stringify([{ labels: { a: 'b' }, endsAt: '2026-01-02T03:00:00Z' }]), AT, RT).accepted[0]!.alert;
    expect([res.status, res.startsAt, res.endsAt]).toEqual(['resolved', Date.parse('2026-01-02T03:00:00Z'), Date.parse('2026-01-02T03:00:00Z')]);
  });

  it('refuses with the same messages and keeps the valid alerts of a mixed post', () => {
    const r = parsePostedAlerts(
      JSON.stringify([
        { labels: {} },
        { labels: { a: 'b' }, startsAt: '2030-01-01T00:00:00Z', endsAt: '2029-01-01T00:00:00Z' },
        { labels: { '0bad': 'b' } },
        { labels: { ok: 'yes' }, annotations: { 'bad-name': 'x' } },
        { labels: { ok: 'yes' } },
      ]),
      AT,
      RT,
    );
    expect(r.errors).toEqual(['at least one label pair required', 'start time must be before end time', 'invalid label set: invalid name "0bad"', 'invalid annotations: invalid name "bad-name"']);
    expect(r.accepted.map((a) => a.alert.labels)).toEqual([{ ok: 'yes' }]);
    expect(() => parsePostedAlerts('nope', AT, RT)).toThrow(/^parsing alerts body from "" failed, because /);
    expect(() => parsePostedAlerts('{"labels":{}}', AT, RT)).toThrow(/not a JSON array/);
    expect(() => parsePostedAlerts('[{"labels":{"a":1}}]', AT, RT)).toThrow(/labels must map names to strings/);
  });

  it('prints secrets as <secret>', () => {
    expect(redact({ receivers: [{ name: 'r', slack_configs: [{ api_url: 'https://hooks/x', token: new Secret('t'), channel: '#c' }], email_configs: [{ auth_password: 'p', auth_password_file: '/f' }] }] })).toEqual({
      receivers: [{ name: 'r', slack_configs: [{ api_url: '<secret>', token: '<secret>', channel: '#c' }], email_configs: [{ auth_password: '<secret>', auth_password_file: '/f' }] }],
    });
  });
});

describe('Alertmanager v2 routes', () => {
  const firing = (labels: Record<string, string>): NotifyAlert => ({ status: 'firing', labels, annotations: {}, startsAt: AT, endsAt: 0, generatorURL: 'g', fingerprint: JSON.stringify(labels) });
  const views: AlertView[] = [
    { alert: firing({ alertname: 'A' }), endsAt: AT + RT, updatedAt: AT, receivers: ['team'], silencedBy: [], inhibitedBy: [] },
    { alert: firing({ alertname: 'B' }), endsAt: AT + RT, updatedAt: AT, receivers: ['team'], silencedBy: ['s1'], inhibitedBy: [] },
  ];
  const received: NotifyAlert[] = [];
  const api: AlertmanagerApi = {
    receive: (a) => void received.push(...a.map((x) => x.alert)),
    alerts: () => views,
    groups: (): GroupSnapshot[] => [{ key: 'k', routeId: '{}', receiver: 'team', labels: { alertname: 'A' }, alerts: [views[0]!.alert] }],
    receivers: () => ['team', 'log'],
  };
  const router = new Router(alertmanagerRoutes({ notifier: () => api, notifyConfig: () => ({ route: { receiver: 'team' } }), now: () => AT, startedAt: AT - 1000, version: '1.2.3', resolveTimeoutMs: RT }));
  const get = async (url: string) => {
    const r = await router.handle(parseRequest('GET', url, {}, ''));
    return { status: r.status, body: JSON.parse(String(r.body)) as unknown };
  };

  it('lists alerts with status and filters by matcher, silenced and receiver', async () => {
    const all = (await get('/api/v2/alerts')).body as Array<{ labels: { alertname: string }; status: { state: string }; endsAt: string }>;
    expect(all.map((a) => [a.labels.alertname, a.status.state])).toEqual([['A', 'active'], ['B', 'suppressed']]);
    expect(all[0]!.endsAt).toBe('2026-01-02T03:09:05.000Z');
    expect(((await get('/api/v2/alerts?silenced=false')).body as unknown[]).length).toBe(1);
    expect(((await get('/api/v2/alerts?filter=alertname%3D%22B%22')).body as unknown[]).length).toBe(1);
    expect(((await get('/api/v2/alerts?receiver=te')).body as unknown[]).length).toBe(0);
    expect(((await get('/api/v2/alerts?receiver=te.*')).body as unknown[]).length).toBe(2);
    expect(await get('/api/v2/alerts?filter=foo')).toEqual({ status: 400, body: 'bad matcher format: foo' });
    expect(await get('/api/v2/alerts?active=maybe')).toEqual({ status: 400, body: { code: 602, message: 'active in query must be of type boolean: "maybe"' } });
  });

  it('groups, receivers and status', async () => {
    expect((await get('/api/v2/alerts/groups')).body).toMatchObject([{ labels: { alertname: 'A' }, receiver: { name: 'team' }, alerts: [{ labels: { alertname: 'A' } }] }]);
    expect((await get('/api/v2/receivers')).body).toEqual([{ name: 'team' }, { name: 'log' }]);
    expect((await get('/api/v2/status')).body).toMatchObject({
      cluster: { status: 'disabled', peers: [] },
      config: { original: 'route:\n  receiver: team\n' },
      uptime: '2026-01-02T03:04:04.000Z',
      versionInfo: { version: '1.2.3' },
    });
  });

  it('a post reaches the notifier; errors are JSON strings or {code,message}', async () => {
    const post = (body: string) => router.handle(parseRequest('POST', '/api/v2/alerts', { 'content-type': 'application/json' }, body));
    expect((await post('[{"labels":{"alertname":"P"}}]')).status).toBe(200);
    expect(received.map((a) => a.labels)).toEqual([{ alertname: 'P' }]);
    const bad = await post('[{"labels":{}}]');
    expect([bad.status, bad.body]).toEqual([400, '"at least one label pair required"\n']);
    const worse = await post('nope');
    expect(worse.status).toBe(400);
    expect(JSON.parse(String(worse.body))).toMatchObject({ code: 400, message: expect.stringMatching(/^parsing alerts body/) });
  });
});
