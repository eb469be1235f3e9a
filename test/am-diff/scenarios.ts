/**
 * scenarios: the alert streams of the differential notification test. Times are ms after the
 * scenario's start; every route uses group_wait 1s, group_interval 2s, repeat_interval 1h unless it
 * says otherwise, so a group flushes at about 1.2s, 3.2s, 5.2s, 7.2s, 9.2s (group_wait starts when
 * the first post lands). Steps keep about half a second or more away from those instants, so both
 * systems see the same input at every flush.
 */
import type { Scenario } from './harness.js';

const one = (name: string) => [{ name }];

export const SCENARIOS: Scenario[] = [
  {
    name: 'single',
    why: 'one alert: first notification after group_wait',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' }, annotations: { summary: 's' } }] }],
  },
  {
    name: 'batch',
    why: 'two alerts inside group_wait share one notification',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 500, alerts: [{ labels: { instance: 'b' } }] },
    ],
  },
  {
    name: 'late-joiner',
    why: 'an alert joining after the first flush waits for the next group_interval tick',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 2200, alerts: [{ labels: { instance: 'b' } }] },
    ],
  },
  {
    name: 'resolve',
    why: 'a resolution goes out at the next tick with send_resolved',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 2400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
    ],
  },
  {
    name: 'resolve-quiet',
    why: 'without send_resolved the resolution is not delivered',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: [{ name: 'r', send_resolved: false }],
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 2400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
    ],
  },
  {
    name: 'partial-resolve',
    why: 'one of two resolves: send_resolved sends it, the firing one stays',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }, { labels: { instance: 'b' } }] },
      { at: 2400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
    ],
  },
  {
    name: 'partial-resolve-quiet',
    why: 'one of two resolves without send_resolved: nothing new until repeat',
    route: { receiver: 'r', group_by: ['alertname'], repeat_interval: '5s' },
    receivers: [{ name: 'r', send_resolved: false }],
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }, { labels: { instance: 'b' } }] },
      { at: 2400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
    ],
  },
  {
    name: 'all-resolved-quiet',
    why: 'everything resolved without send_resolved: log updated, nothing sent; a re-fire pages again',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: [{ name: 'r', send_resolved: false }],
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 2400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
      { at: 4400, alerts: [{ labels: { instance: 'a' } }] },
    ],
  },
  {
    name: 'repeat',
    why: 'nothing changes: repeated after repeat_interval, at a group_interval tick',
    route: { receiver: 'r', group_by: ['alertname'], repeat_interval: '5s' },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' } }] }],
  },
  {
    name: 'group-by-instance',
    why: 'group_by splits groups by label value',
    route: { receiver: 'r', group_by: ['alertname', 'instance'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' } }, { labels: { instance: 'b' } }, { labels: { instance: 'b', job: 'x' } }] }],
  },
  {
    name: 'group-by-all',
    why: "group_by ['...'] gives every alert its own group",
    route: { receiver: 'r', group_by: ['...'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' } }, { labels: { instance: 'b' } }] }],
  },
  {
    name: 'group-by-none',
    why: 'group_by [] puts every alert of the route in one group',
    route: { receiver: 'r', group_by: [] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { alertname: 'X' } }, { labels: { alertname: 'Y' } }] }],
  },
  {
    name: 'group-by-missing',
    why: 'a group_by label missing from an alert is left out of its group labels',
    route: { receiver: 'r', group_by: ['alertname', 'team'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { team: 'db' } }, { labels: { instance: 'x' } }] }],
  },
  {
    name: 'siblings-equal',
    why: 'two sibling routes with equal matchers, the first with continue: both receivers notified',
    route: {
      receiver: 'r',
      group_by: ['alertname'],
      routes: [
        { matchers: ['team="a"'], receiver: 'x', continue: true },
        { matchers: ['team="a"'], receiver: 'y' },
      ],
    },
    receivers: [{ name: 'r' }, { name: 'x' }, { name: 'y' }],
    steps: [{ at: 0, alerts: [{ labels: { team: 'a' } }] }],
  },
  {
    name: 'continue-chain',
    why: 'continue lets later siblings match; the first without continue stops the walk',
    route: {
      receiver: 'r',
      group_by: ['alertname'],
      routes: [
        { matchers: ['sev=~"crit|warn"'], receiver: 'x', continue: true },
        { matchers: ['sev="crit"'], receiver: 'y' },
        { matchers: ['sev="crit"'], receiver: 'z' },
      ],
    },
    receivers: [{ name: 'r' }, { name: 'x' }, { name: 'y' }, { name: 'z' }],
    steps: [{ at: 0, alerts: [{ labels: { sev: 'crit' } }, { labels: { alertname: 'W', sev: 'warn' } }, { labels: { alertname: 'I', sev: 'info' } }] }],
  },
  {
    name: 'nested',
    why: 'children inherit group_by and timers, narrow matchers; no matching child → parent',
    route: {
      receiver: 'r',
      group_by: ['alertname', 'team'],
      routes: [{ matchers: ['team=~"db|web"'], receiver: 'x', routes: [{ matchers: ['env!="dev"'], receiver: 'y' }] }],
    },
    receivers: [{ name: 'r' }, { name: 'x' }, { name: 'y' }],
    steps: [{ at: 0, alerts: [{ labels: { team: 'db', env: 'dev' } }, { labels: { team: 'web', env: 'prod' } }, { labels: { team: 'ops' } }] }],
  },
  {
    name: 'route-timers',
    why: 'a child route with its own group_wait and group_interval',
    route: { receiver: 'r', group_by: ['alertname'], routes: [{ matchers: ['slow="1"'], receiver: 'x', group_wait: '2500ms', group_interval: '3s' }] },
    receivers: [{ name: 'r' }, { name: 'x' }],
    steps: [
      { at: 0, alerts: [{ labels: { slow: '1' } }, { labels: { alertname: 'F' } }] },
      { at: 4200, alerts: [{ labels: { slow: '1', instance: 'b' } }] },
    ],
  },
  {
    name: 'key-spelling',
    why: 'route keys sort matchers (legacy match/match_re too) and quote like Alertmanager',
    route: {
      receiver: 'r',
      group_by: ['alertname', 'path'],
      routes: [{ matchers: ['team="a"', 'env=~"p.*"'], match: { zone: 'b' }, receiver: 'x' }],
    },
    receivers: [{ name: 'r' }, { name: 'x' }],
    steps: [{ at: 0, alerts: [{ labels: { team: 'a', env: 'prod', zone: 'b', path: '/a "b"\\c' } }] }],
  },
  {
    name: 'label-order',
    why: 'group labels render as Go sorts "name=value" strings',
    route: { receiver: 'r', group_by: ['a', 'a1', 'a_b', 'B'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { a: 'x', a1: 'y', a_b: 'z', B: 'w' } }] }],
  },
  {
    name: 'inhibit',
    why: 'a firing critical mutes the warning with the same instance, not another instance',
    route: { receiver: 'r', group_by: ['alertname', 'instance'] },
    receivers: one('r'),
    inhibit: [{ source_matchers: ['sev="crit"'], target_matchers: ['sev="warn"'], equal: ['instance'] }],
    steps: [{ at: 0, alerts: [{ labels: { alertname: 'Down', sev: 'crit', instance: 'a' } }, { labels: { alertname: 'Slow', sev: 'warn', instance: 'a' } }, { labels: { alertname: 'Slow', sev: 'warn', instance: 'b' } }] }],
  },
  {
    name: 'inhibit-absent-equal',
    why: 'an equal label absent on both sides counts as equal',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    inhibit: [{ source_matchers: ['sev="crit"'], target_matchers: ['sev="warn"'], equal: ['cluster'] }],
    steps: [{ at: 0, alerts: [{ labels: { alertname: 'Down', sev: 'crit' } }, { labels: { alertname: 'Slow', sev: 'warn' } }] }],
  },
  {
    name: 'inhibit-lifts',
    why: 'when the source resolves, the target goes out at the next tick',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    inhibit: [{ source_matchers: ['sev="crit"'], target_matchers: ['sev="warn"'] }],
    steps: [
      { at: 0, alerts: [{ labels: { alertname: 'Down', sev: 'crit' } }, { labels: { alertname: 'Slow', sev: 'warn' } }] },
      { at: 2400, alerts: [{ labels: { alertname: 'Down', sev: 'crit' }, resolved: true }] },
    ],
  },
  {
    name: 'inhibit-self',
    why: 'alerts matching both sides of a rule do not inhibit each other',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    inhibit: [{ source_matchers: ['sev=~"crit|warn"'], target_matchers: ['sev=~"crit|warn"'] }],
    steps: [{ at: 0, alerts: [{ labels: { sev: 'crit', instance: 'a' } }, { labels: { sev: 'warn', instance: 'b' } }] }],
  },
  {
    name: 'silence',
    why: 'a silenced alert is never sent; the other one is',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    silences: [{ matchers: { instance: 'a' }, from: 0, to: 60_000 }],
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' } }, { labels: { instance: 'b' } }] }],
  },
  {
    name: 'silence-ends',
    why: 'when the silence ends, the alert goes out at the next tick',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    silences: [{ matchers: { instance: 'a' }, from: 0, to: 4200 }],
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' } }] }],
  },
  {
    name: 'silence-starts',
    why: 'a silence that starts later mutes the following flushes',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    silences: [{ matchers: { instance: 'a' }, from: 2000, to: 60_000 }],
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 4200, alerts: [{ labels: { instance: 'b' } }] },
    ],
  },
  {
    name: 'max-alerts',
    why: 'max_alerts truncates the alert list (after Alertmanager sorts it) and counts the rest',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: [{ name: 'r', max_alerts: 2 }],
    steps: [{ at: 0, alerts: ['e', 'c', 'a', 'd', 'b'].map((i) => ({ labels: { instance: i } })) }],
  },
  {
    name: 'alert-order',
    why: 'alerts in a notification: by job, then instance, then the rest of the labels',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      {
        at: 0,
        alerts: [
          { labels: { instance: 'b', job: 'y' } },
          { labels: { instance: 'a', job: 'y' } },
          { labels: { instance: 'c' } },
          { labels: { job: 'x', zone: '2' } },
          { labels: { job: 'x', zone: '1' } },
          { labels: { other: '1' } },
        ],
      },
    ],
  },
  {
    name: 'mixed-status-order',
    why: 'resolved and firing alerts in one notification keep Alertmanager order',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }, { labels: { instance: 'b' } }, { labels: { instance: 'c' } }] },
      { at: 2400, alerts: [{ labels: { instance: 'a' }, resolved: true }, { labels: { instance: 'd' } }] },
    ],
  },
  {
    name: 'flap',
    why: 'fire, resolve, fire again within the group lifetime',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 2400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
      { at: 4400, alerts: [{ labels: { instance: 'a' } }] },
      { at: 6400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
    ],
  },
  {
    name: 'flap-fast',
    why: 'resolved and re-fired between two flushes: one firing alert, a new startsAt',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 1900, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
      { at: 2500, alerts: [{ labels: { instance: 'a' } }] },
    ],
  },
  {
    name: 'flap-regroup',
    why: 'an alert returning to its group after the resolution went out waits for the group\'s next tick, not group_wait',
    route: { receiver: 'r', group_by: ['alertname'], group_interval: '4s' },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 2300, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
      { at: 6000, alerts: [{ labels: { instance: 'a' } }] },
    ],
  },
  {
    name: 'regroup-after-quiet',
    why: 'a group emptied by a silent flush keeps ticking: a new alert waits for its tick',
    route: { receiver: 'r', group_by: ['alertname'], group_interval: '4s' },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
      { at: 2300, alerts: [{ labels: { instance: 'b' } }] },
    ],
  },
  {
    name: 'cadence',
    why: 'ticks stay one group_interval apart however long a flush takes',
    route: { receiver: 'r', group_by: ['alertname'], group_interval: '1s' },
    receivers: one('r'),
    steps: [0, 1800, 2800, 3800, 4800, 5800, 6800, 7800, 8800].map((at, i) => ({ at, alerts: [{ labels: { instance: `i${i}` } }] })),
  },
  {
    name: 'gone-before-flush',
    why: 'fired and resolved before the first flush: nothing is sent',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 400, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
    ],
  },
  {
    name: 'expires',
    why: 'an alert nobody re-sends resolves at its endsAt',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' }, validFor: 2400 }] }],
  },
  {
    name: 'old-alert',
    why: 'an alert older than group_wait is flushed at once',
    route: { receiver: 'r', group_by: ['alertname'], group_wait: '3s' },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' }, startsAt: -10_000 }] }],
  },
  {
    name: 'old-joins-waiting',
    why: 'an old alert joining a group still in group_wait flushes it at once',
    route: { receiver: 'r', group_by: ['alertname'], group_wait: '3s' },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 1000, alerts: [{ labels: { instance: 'b' }, startsAt: -10_000 }] },
    ],
  },
  {
    name: 'resend-unchanged',
    why: 'the same firing alert re-sent every second changes nothing',
    route: { receiver: 'r', group_by: ['alertname'], repeat_interval: '5s' },
    receivers: one('r'),
    steps: [0, 1500, 3500, 5500, 7500].map((at) => ({ at, alerts: [{ labels: { instance: 'a' } }] })),
  },
  {
    name: 'regex-negative',
    why: '!~ and != matchers, and a missing label matching as empty',
    route: {
      receiver: 'r',
      group_by: ['alertname'],
      routes: [
        { matchers: ['env!~"dev|test"', 'team!=""'], receiver: 'x' },
        { matchers: ['team=""'], receiver: 'y' },
      ],
    },
    receivers: [{ name: 'r' }, { name: 'x' }, { name: 'y' }],
    steps: [{ at: 0, alerts: [{ labels: { team: 'a', env: 'prod' } }, { labels: { alertname: 'B', team: 'a', env: 'dev' } }, { labels: { alertname: 'C' } }] }],
  },
  {
    name: 'resolution-resent',
    why: 'a resolution posted again after it went out sends nothing more',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' } }] },
      { at: 2200, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
      { at: 4200, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
      { at: 6200, alerts: [{ labels: { instance: 'a' }, resolved: true }] },
    ],
  },
  {
    name: 'annotation-change',
    why: 'new annotations on the same alert are not news; the repeat carries them',
    route: { receiver: 'r', group_by: ['alertname'], repeat_interval: '5s' },
    receivers: one('r'),
    steps: [
      { at: 0, alerts: [{ labels: { instance: 'a' }, annotations: { v: '1' } }] },
      { at: 2200, alerts: [{ labels: { instance: 'a' }, annotations: { v: '2' } }] },
    ],
  },
  {
    name: 'anchored-regex',
    why: 'route regexes are anchored: team=~"d" does not match "db"',
    route: { receiver: 'r', group_by: ['alertname'], routes: [{ matchers: ['team=~"d"'], receiver: 'x' }, { match_re: { team: 'd.*' }, receiver: 'y' }] },
    receivers: [{ name: 'r' }, { name: 'x' }, { name: 'y' }],
    steps: [{ at: 0, alerts: [{ labels: { team: 'db' } }, { labels: { alertname: 'B', team: 'd' } }] }],
  },
  {
    name: 'nested-continue',
    why: 'continue inside a child subtree, and the parent walk stopping at that child',
    route: {
      receiver: 'r',
      group_by: ['alertname'],
      routes: [
        { matchers: ['team="a"'], receiver: 'x', routes: [{ matchers: ['sev="crit"'], receiver: 'y', continue: true }, { matchers: ['sev=~"crit|warn"'], receiver: 'z' }] },
        { matchers: ['team="a"'], receiver: 'r' },
      ],
    },
    receivers: [{ name: 'r' }, { name: 'x' }, { name: 'y' }, { name: 'z' }],
    steps: [{ at: 0, alerts: [{ labels: { team: 'a', sev: 'crit' } }, { labels: { alertname: 'B', team: 'a', sev: 'info' } }] }],
  },
  {
    name: 'unicode-values',
    why: 'group keys quote tabs and non-ASCII values like Go %q',
    route: { receiver: 'r', group_by: ['alertname', 'path'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { path: 'a\tb é \u00a0 ✓' } }] }],
  },
  {
    name: 'inhibit-other-group',
    why: 'a source in one route mutes a target routed elsewhere',
    route: { receiver: 'r', group_by: ['alertname'], routes: [{ matchers: ['sev="warn"'], receiver: 'x' }] },
    receivers: [{ name: 'r' }, { name: 'x' }],
    inhibit: [{ source_matchers: ['sev="crit"'], target_matchers: ['sev="warn"'], equal: ['instance'] }],
    steps: [
      { at: 0, alerts: [{ labels: { alertname: 'Slow', sev: 'warn', instance: 'a' } }] },
      { at: 2200, alerts: [{ labels: { alertname: 'Down', sev: 'crit', instance: 'a' } }, { labels: { alertname: 'Slow', sev: 'warn', instance: 'a2' } }] },
    ],
  },
  {
    name: 'annotations',
    why: 'common annotations are the pairs every alert shares',
    route: { receiver: 'r', group_by: ['alertname'] },
    receivers: one('r'),
    steps: [{ at: 0, alerts: [{ labels: { instance: 'a' }, annotations: { summary: 's', d: '1' } }, { labels: { instance: 'b' }, annotations: { summary: 's', d: '2' } }] }],
  },
];
