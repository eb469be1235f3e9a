import { describe, expect, it } from 'vitest';
import { buildNotification, toNotifyAlert } from '../data.js';
import { makeAlert } from '../receivers/fake.js';
import { slackMessage } from '../receivers/slack-blocks.js';
import { emailHtml } from './email-html.js';
import { escapeHeader, escapeHtml, escapeSlack, escapeSlackPlain } from './escape.js';
import { buildMessage, plainText, subjectLine } from './message.js';

const hostile = {
  alertname: 'Evil',
  severity: 'critical',
  instance: '<script>alert(1)</script>',
  job: '*bold* _it_ ~strike~ `code`',
  team: '<!channel> please',
  owner: '@here and @channel',
  link: '<https://evil.example|click me>',
};

const n = buildNotification('r', 'k', { alertname: 'Evil' }, [toNotifyAlert(makeAlert(hostile, { annotations: { summary: 'Hi <!here> & <b>bye</b>\r\nBcc: x@y' } }))!], '');
const m = buildMessage(n);

describe('label values are rendered safely', () => {
  it('escapes Slack control characters and defuses mentions and formatting', () => {
    expect(escapeSlack('a & <b> <!channel>')).toBe('a &amp; &lt;b&gt; &lt;!channel&gt;');
    expect(escapeSlack('@here')).not.toBe('@here');
    expect(escapeSlack('*bold*')).not.toMatch(/(^|[^\u200B])\*[^\u200B]/);
    expect(escapeSlackPlain('<!here> @everyone')).not.toMatch(/<!here>|@everyone/);
  });

  it('leaves no live markup, mention or link in any mrkdwn text of the Slack payload', () => {
    const p = slackMessage(m);
    const mrkdwn: string[] = [p.text, ...p.attachments.map((a) => a.fallback)];
    const plain: string[] = [];
    const walk = (o: unknown): void => {
      if (Array.isArray(o)) o.forEach(walk);
      else if (o && typeof o === 'object') {
        const r = o as Record<string, unknown>;
        if (r.type === 'mrkdwn' && typeof r.text === 'string') mrkdwn.push(r.text);
        if (r.type === 'plain_text' && typeof r.text === 'string') plain.push(r.text);
        Object.values(r).forEach(walk);
      }
    };
    walk(p);
    const all = mrkdwn.join('\n');
    expect(all).toContain('&lt;script&gt;');
    for (const bad of ['<script>', '<!channel>', '<!here>', '@here', '@channel', '<https://evil.example|click me>', '*bold*', '_it_', '~strike~', '`code`']) {
      expect(all, bad).not.toContain(bad);
    }
    // plain_text is never parsed as markup, but mentions are still defused there.
    for (const t of plain) expect(t).not.toMatch(/<!|@here|@channel/);
  });

  it('escapes HTML in the email body and strips newlines from the subject', () => {
    const html = emailHtml(m, false);
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>bye</b>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`"'&`)).toBe('&quot;&#39;&amp;');
    expect(escapeHeader(m.summary)).not.toMatch(/[\r\n]/);
    expect(subjectLine(m)).toContain('Evil');
  });

  it('keeps the plain-text body literal (text needs no escaping, but must show the values)', () => {
    expect(plainText(m)).toContain('instance=<script>alert(1)</script>');
  });
});

describe('commands in code spans', () => {
  it('stay pasteable in Slack: no zero-width spaces inside a code span, entities only', async () => {
    const { escapeSlackCode } = await import('./escape.js');
    const out = escapeSlackCode('compare them: `go tool pprof -diff_base a.pb.gz b.pb.gz > x_y` then *wait* for @here');
    expect(out).toContain('`go tool pprof -diff_base a.pb.gz b.pb.gz &gt; x_y`');
    expect(out.match(/`[^`]*`/)![0]).not.toContain('\u200B');
    // Outside the span the usual defusing still applies.
    expect(out).toContain('\u200B*\u200Bwait\u200B*\u200B');
    expect(out).toContain('@\u200Bhere');
    // An unpaired backtick is just a character, defused like any formatting mark.
    expect(escapeSlackCode('a ` b')).toBe('a \u200B`\u200B b');
  });
});

describe('one time to the limit per message', () => {
  it('shows the projection once: no time_to_limit evidence beside it, commands pasteable', async () => {
    const { sampleAlert } = await import('../sample.js');
    const at = Date.parse('2026-01-01T12:00:00Z');
    const m = buildMessage(buildNotification('r', 'k', {}, [toNotifyAlert(sampleAlert(at))!], ''));
    expect(m.projection).toMatch(/limit in about 1d 5h/);
    expect(m.evidence.map((e) => e.name)).not.toContain('time_to_limit');
    const slack = JSON.stringify(slackMessage(m));
    expect(slack.match(/1d 5h|29h/g)).toHaveLength(1);
    expect(slack).toContain('`go tool pprof -diff_base heap1.pb.gz heap2.pb.gz`');
  });
});

describe('code spans in email', () => {
  it('become <code> elements, with the text still escaped', async () => {
    const { sampleAlert } = await import('../sample.js');
    const m = buildMessage(buildNotification('r', 'k', {}, [toNotifyAlert(sampleAlert(Date.parse('2026-01-01T12:00:00Z')))!], ''));
    const html = emailHtml(m, false);
    expect(html).toContain('>go tool pprof -diff_base heap1.pb.gz heap2.pb.gz</code>');
    expect(html).toContain('&gt; heap1.pb.gz</code>');
    expect(html).not.toContain('`');
  });
});
