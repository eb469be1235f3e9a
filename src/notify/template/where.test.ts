import { describe, expect, it } from 'vitest';
import { attachDiagnosis } from '../../diagnose/attach.js';
import type { Diagnosis, Where } from '../../model/finding.js';
import { buildNotification, toNotifyAlert } from '../data.js';
import { makeAlert } from '../receivers/fake.js';
import { slackMessage } from '../receivers/slack-blocks.js';
import { sampleDiagnosis } from '../sample.js';
import { emailHtml } from './email-html.js';
import { buildMessage, plainText } from './message.js';

const put: Where = {
  kind: 'heap',
  function: 'cache.(*Store).Put',
  file: '/src/cache/store.go',
  line: 41,
  text: '+58 MiB in `cache.(*Store).Put` (store.go:41) since 14:02 UTC, 91 % of the growth',
  frames: ['cache.(*Store).Put /src/cache/store.go:41'],
  bytes: 58 * 2 ** 20,
  share: 0.91,
};

function message(d: Diagnosis) {
  const alert = attachDiagnosis(makeAlert({ alertname: 'GoMemoryLeak', instance: 'api-7:6060', severity: 'critical' }), d);
  const n = buildNotification('r', 'k', { alertname: 'GoMemoryLeak' }, [toNotifyAlert(alert)!], '');
  return { m: buildMessage(n), alert };
}

describe('the "where" in every message', () => {
  const sample = sampleDiagnosis(Date.now());
  // the sample carries a where of its own; these tests start from one without
  const base: Diagnosis = { ...sample, findings: sample.findings.map(({ where: _w, ...f }) => f) };
  const withWhere: Diagnosis = { ...base, findings: base.findings.map((f, i) => (i === 0 ? { ...f, where: [put] } : f)) };

  it('Slack keeps the function as a code span, unescaped inside', () => {
    const { m } = message(withWhere);
    const all = JSON.stringify(slackMessage(m));
    expect(all).toContain('*Where (pprof)*');
    expect(all).toContain('`cache.(*Store).Put` (store.go:41) since 14:02 UTC, 91 % of the growth');
  });

  it('email shows it as <code>, plain text as a list, the webhook as the diagnosis_where annotation', () => {
    const { m, alert } = message(withWhere);
    expect(emailHtml(m, false)).toContain('<li>+58 MiB in <code>cache.(*Store).Put</code> (store.go:41) since 14:02 UTC, 91 % of the growth</li>');
    expect(plainText(m)).toContain('Where (pprof):\n  - +58 MiB in `cache.(*Store).Put` (store.go:41)');
    expect(alert.annotations['diagnosis_where']).toBe(put.text);
  });

  it('a leak without profiles says why pprof could not help', () => {
    const { m } = message({ ...base, pprof: { heapProfiles: 0, goroutineProfiles: 0, where: [], cumulative: [], errors: ['heap: 404 Not Found from http://api-7:6060/debug/pprof/heap: net/http/pprof is not registered'] } });
    expect(m.where).toEqual(['pprof unavailable: heap: 404 Not Found from http://api-7:6060/debug/pprof/heap: net/http/pprof is not registered']);
    expect(message(base).m.where).toEqual([]);
  });

  it('a function name cannot smuggle Slack markup out of its code span', () => {
    const evil: Where = { ...put, function: '<!channel>', text: '+1 MiB in `<!channel>` (x.go:1), 100 % of the growth' };
    const { m } = message({ ...base, findings: base.findings.map((f, i) => (i === 0 ? { ...f, where: [evil] } : f)) });
    const all = JSON.stringify(slackMessage(m));
    expect(all).not.toContain('<!channel>');
    expect(all).toContain('`&lt;!channel&gt;`');
  });
});
