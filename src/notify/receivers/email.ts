/**
 * email: SMTP delivery through nodemailer — implicit TLS on port 465, otherwise STARTTLS (required
 * unless `require_tls: false`), optional auth — with an HTML body, a plain-text alternative, the
 * chart inline by Content-ID and the verdict in the subject. SMTP 4xx replies and network errors
 * are retried; 5xx replies and auth failures are permanent.
 */
import { nodemailerApi } from './lazy.js';
import { errorMessage } from '../../core/errors.js';
import { sendFailure } from '../retry.js';
import { CHART_CID, emailHtml } from '../template/email-html.js';
import { escapeHeader } from '../template/escape.js';
import { plainText, subjectLine } from '../template/message.js';
import type { EmailConfig } from '../types.js';
import type { DeliveryInput, Integration } from './integration.js';

const NETWORK_CODES = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'ECONNREFUSED', 'ECONNRESET', 'EDNS', 'EPIPE']);

/** createEmail builds the email integration for one email_configs entry. */
export function createEmail(cfg: EmailConfig): Integration {
  const transport = nodemailerApi().createTransport({
    host: cfg.host,
    port: cfg.port,
    secure: cfg.port === 465,
    requireTLS: cfg.port !== 465 && cfg.requireTls,
    ignoreTLS: cfg.port !== 465 && !cfg.requireTls,
    ...(cfg.hello ? { name: cfg.hello } : {}),
    ...(cfg.authUsername ? { auth: { user: cfg.authUsername, pass: cfg.authPassword ?? '' } } : {}),
    tls: { rejectUnauthorized: !cfg.insecureSkipVerify },
    connectionTimeout: cfg.timeoutMs,
    greetingTimeout: cfg.timeoutMs,
    socketTimeout: cfg.timeoutMs,
  });

  async function send(input: DeliveryInput): Promise<void> {
    const m = input.message;
    const { Subject, To, From, ...headers } = cfg.headers;
    try {
      await transport.sendMail({
        from: From ?? cfg.from,
        to: To ?? cfg.to.join(', '),
        subject: escapeHeader(input.user.subject ?? Subject ?? subjectLine(m)),
        text: input.user.text ?? plainText(m),
        html: input.user.html ?? emailHtml(m, input.png !== undefined),
        headers: { ...headers, 'X-Leaksleuth-Dedupe-Key': input.intent.dedupeKey },
        ...(input.png ? { attachments: [{ filename: 'chart.png', content: input.png, contentType: 'image/png', cid: CHART_CID }] } : {}),
      });
    } catch (err) {
      throw mapSmtpError(err);
    }
  }

  return { kind: 'email', send, close: () => transport.close() };
}

/** mapSmtpError applies the retry rule to nodemailer errors (responseCode / code). */
export function mapSmtpError(err: unknown): Error {
  const e = err as { responseCode?: number; code?: string };
  const msg = `email: ${errorMessage(err)}`;
  if (e.code === 'EAUTH') return sendFailure('clientError', msg, { cause: err });
  if (typeof e.responseCode === 'number') {
    // SMTP's own rule: 4xx replies are transient (retry), 5xx replies are final.
    return sendFailure(e.responseCode >= 500 ? 'clientError' : 'serverError', msg, { cause: err });
  }
  if (e.code && NETWORK_CODES.has(e.code)) return sendFailure('network', msg, { cause: err });
  return sendFailure('other', msg, { cause: err });
}
