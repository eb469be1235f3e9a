import { mkdtempSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PostalMime from 'postal-mime';
import { Registry } from 'prom-client';
import { SMTPServer } from 'smtp-server';
import { afterEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../core/clock.js';
import { nopLogger } from '../../core/log.js';
import { createNotifier, type Notifier } from '../index.js';
import { sampleAlert, sampleChart } from '../sample.js';
import { CHART_CID } from '../template/email-html.js';

interface Received {
  raw: Buffer;
  secure: boolean;
  user: string | undefined;
}

async function startSmtp(opts: { auth?: boolean; rejectWith?: number } = {}) {
  const received: Received[] = [];
  const server = new SMTPServer({
    authOptional: !opts.auth,
    ...(opts.auth ? {} : { disabledCommands: ['AUTH'] }),
    allowInsecureAuth: false,
    logger: false,
    onAuth(auth, _session, cb) {
      if (auth.username === 'alerts' && auth.password === 's3cret') cb(null, { user: auth.username });
      else cb(new Error('Invalid username or password'));
    },
    onData(stream, session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (opts.rejectWith) {
          const err = new Error('mailbox unavailable') as Error & { responseCode: number };
          err.responseCode = opts.rejectWith;
          cb(err);
          return;
        }
        received.push({ raw: Buffer.concat(chunks), secure: session.secure, user: session.user as string | undefined });
        cb();
      });
    },
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.server.address() as AddressInfo).port;
  return { server, port, received, close: () => new Promise<void>((r) => server.close(() => r())) };
}

let notifier: Notifier | undefined;
let closeSmtp: (() => Promise<void>) | undefined;
afterEach(async () => {
  await notifier?.stop();
  notifier = undefined;
  await closeSmtp?.();
});

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('email through nodemailer to a real SMTP server', () => {
  it('sends HTML + text with the inline chart over STARTTLS with auth, verdict in the subject', async () => {
    const smtp = await startSmtp({ auth: true });
    closeSmtp = smtp.close;
    notifier = createNotifier(
      {
        route: { receiver: 'mail', group_wait: '0s' },
        receivers: [
          {
            name: 'mail',
            email_configs: [
              {
                to: 'oncall@example.com',
                from: 'leaksleuth@example.com',
                smarthost: `127.0.0.1:${smtp.port}`,
                auth_username: 'alerts',
                auth_password: 's3cret',
                tls_config: { insecure_skip_verify: true },
              },
            ],
          },
        ],
      },
      { dataDir: mkdtempSync(join(tmpdir(), 'mail-')), clock: systemClock, log: nopLogger, registry: new Registry(), chartSource: () => sampleChart(Date.now()) },
    );
    const now = Date.now();
    await notifier.send([sampleAlert(now)], now);
    await waitFor(() => smtp.received.length === 1);
    const got = smtp.received[0]!;
    expect(got.secure).toBe(true);
    expect(got.user).toBe('alerts');
    const mail = await PostalMime.parse(got.raw);
    expect(mail.subject).toBe('[FIRING:1] heap_leak · GoHeapGrowing on api-7:6060');
    expect(mail.to?.[0]?.address).toBe('oncall@example.com');
    expect(mail.html).toContain('Real leak: the live Go heap keeps growing');
    expect(mail.html).toContain(`src="cid:${CHART_CID}"`);
    expect(mail.text).toContain('What to do:');
    expect(mail.text).toContain('Reaches the 3 GiB limit in about 1d 5h');
    expect(mail.text).toMatch(/trend [▁▂▃▄▅▆▇█]+/);
    const chart = mail.attachments.find((a) => a.contentId === `<${CHART_CID}>`);
    expect(chart?.mimeType).toBe('image/png');
    expect(chart?.disposition).toBe('inline');
    expect(Buffer.from(chart!.content as ArrayBuffer).subarray(1, 4).toString()).toBe('PNG');
  });

  it('treats SMTP 5xx as permanent and 4xx as retryable', async () => {
    const { mapSmtpError } = await import('./email.js');
    const perm = mapSmtpError(Object.assign(new Error('550'), { responseCode: 550 })) as Error & { retryable: boolean };
    const temp = mapSmtpError(Object.assign(new Error('451'), { responseCode: 451 })) as Error & { retryable: boolean };
    const net = mapSmtpError(Object.assign(new Error('refused'), { code: 'ECONNECTION' })) as Error & { retryable: boolean };
    const auth = mapSmtpError(Object.assign(new Error('auth'), { code: 'EAUTH', responseCode: 535 })) as Error & { retryable: boolean };
    expect([perm.retryable, temp.retryable, net.retryable, auth.retryable]).toEqual([false, true, true, false]);

    const smtp = await startSmtp({ rejectWith: 550 });
    closeSmtp = smtp.close;
    const registry = new Registry();
    notifier = createNotifier(
      {
        route: { receiver: 'mail', group_wait: '0s' },
        receivers: [{ name: 'mail', email_configs: [{ to: 'a@example.com', from: 'b@example.com', smarthost: `127.0.0.1:${smtp.port}`, require_tls: false }] }],
      },
      { dataDir: mkdtempSync(join(tmpdir(), 'mail-')), clock: systemClock, log: nopLogger, registry },
    );
    const now = Date.now();
    await notifier.send([sampleAlert(now)], now);
    const want = /leaksleuth_notifications_failed_total\{receiver="mail",integration="email",reason="clientError"\} 1/;
    for (let i = 0; i < 500 && !want.test(await registry.metrics()); i++) await new Promise((r) => setTimeout(r, 20));
    expect(await registry.metrics()).toMatch(want);
    await notifier.flush();
    expect(notifier.pending()).toHaveLength(0);
  });
});
