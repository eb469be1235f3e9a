/**
 * slack-blocks: the default Slack message as Block Kit. The headline sits in a plain_text header
 * (no markup to inject), the severity colour comes from the legacy attachment `color` (Block Kit has
 * no colour of its own), and every label value passes through escapeSlack.
 */
import { escapeSlack, escapeSlackCode, escapeSlackPlain } from '../template/escape.js';
import type { Message } from '../template/message.js';

/** SlackPayload is the body for chat.postMessage / chat.update / incoming webhooks. */
export interface SlackPayload {
  text: string;
  blocks: object[];
  attachments: Array<{ color: string; blocks: object[]; fallback: string }>;
}

const MAX_TEXT = 2900; // Slack rejects section text over 3000 characters.

/** slackMessage builds the full message; `user` replaces the title and body text when set. */
export function slackMessage(m: Message, user: { title?: string; text?: string } = {}): SlackPayload {
  const headline = clip(user.title ?? (m.status === 'resolved' ? '✅ ' : m.verdict?.isLeak ? '🔴 ' : '🟠 ') + m.headline, 150);
  const top: object[] = [{ type: 'header', text: { type: 'plain_text', text: escapeSlackPlain(headline), emoji: true } }];
  if (user.text !== undefined) {
    top.push(section(user.text));
    return { text: escapeSlack(headline), blocks: top, attachments: [{ color: m.color, blocks: [], fallback: escapeSlack(headline) }] };
  }
  const lead: string[] = [];
  if (m.verdict) lead.push(`*${escapeSlack(m.verdict.title)}* — confidence ${Math.round(m.verdict.confidence * 100)}%`);
  if (m.summary) lead.push(escapeSlack(m.summary));
  if (lead.length) top.push(section(lead.join('\n')));
  const body: object[] = [];
  if (m.explanation) body.push(section(escapeSlackCode(m.explanation)));
  if (m.evidence.length) {
    body.push({
      type: 'section',
      fields: m.evidence.slice(0, 10).map((e) => ({ type: 'mrkdwn', text: `*${escapeSlack(e.name)}*\n${escapeSlack(e.value)}` })),
    });
  }
  const trend = [m.sparkline ? `Trend \`${m.sparkline}\`` : '', m.projection ? escapeSlack(m.projection) : ''].filter(Boolean);
  if (trend.length) body.push(section(trend.join('\n')));
  if (m.where.length) body.push(section('*Where (pprof)*\n' + m.where.map((w) => `• ${slackWhere(w)}`).join('\n')));
  if (m.recommendations.length) {
    body.push(section('*What to do*\n' + m.recommendations.map((r, i) => `${i + 1}. ${escapeSlackCode(r)}`).join('\n')));
  }
  body.push(section(alertLines(m)));
  if (m.links.length) {
    body.push({
      type: 'context',
      elements: [{ type: 'mrkdwn', text: m.links.map((l) => `<${safeUrl(l.url)}|${escapeSlack(l.text)}>`).join('  ·  ') }],
    });
  }
  // `text` is the notification preview and is parsed as mrkdwn, so it is escaped like any field.
  return { text: escapeSlack(headline), blocks: top, attachments: [{ color: m.color, blocks: body, fallback: escapeSlack(headline) }] };
}

/**
 * slackWhere keeps a where line's `function` as a code span (so `(*Store).Put` is not taken for bold and
 * reads as it is written) and escapes the rest as usual; inside the span only &, < and > need escaping.
 */
function slackWhere(text: string): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part) => (part.length > 2 && part.startsWith('`') && part.endsWith('`') ? '`' + part.slice(1, -1).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;') + '`' : escapeSlack(part)))
    .join('');
}

/** slackReply is the short thread reply for repeats and resolutions. */
export function slackReply(m: Message): SlackPayload {
  const head =
    m.status === 'resolved'
      ? `✅ Resolved: ${m.alertname}`
      : `🔁 Still firing: ${m.firingCount} alert${m.firingCount === 1 ? '' : 's'}${m.resolvedCount ? `, ${m.resolvedCount} resolved` : ''}`;
  return { text: escapeSlack(head), blocks: [section(`*${escapeSlack(head)}*\n${alertLines(m)}`)], attachments: [] };
}

function alertLines(m: Message): string {
  const lines = m.alerts.map((a) => {
    const labels = a.labels.map(([k, v]) => `${escapeSlack(k)}=\`${escapeSlack(v).replace(/`/g, "'")}\``).join(' ');
    return `${a.status === 'firing' ? '🔥' : '✅'} *${escapeSlack(a.title)}* — ${a.since}${a.summary ? `\n    ${escapeSlack(a.summary)}` : ''}\n    ${labels}`;
  });
  if (m.truncated > 0) lines.push(`… and ${m.truncated} more`);
  return clip(lines.join('\n'), MAX_TEXT);
}

function section(text: string): object {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, MAX_TEXT) } };
}

function clip(s: string, n: number): string {
  return s.length <= n ? s : s.slice(0, n - 1) + '…';
}

/** safeUrl keeps only http(s) links and escapes the characters Slack's link syntax reserves. */
function safeUrl(u: string): string {
  if (!/^https?:\/\//i.test(u)) return 'about:blank';
  return u.replace(/&/g, '&amp;').replace(/</g, '%3C').replace(/>/g, '%3E').replace(/\|/g, '%7C');
}
