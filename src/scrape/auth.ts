/**
 * auth: request headers and TLS material for a scrape job. Secrets are revealed only here, at the
 * moment a request is built; everywhere else they print as `<secret>`.
 */
import { readFileSync } from 'node:fs';
import type { ScrapeConfig } from '../config/types.js';
import type { Target } from './target.js';

/** scrapeHeaders builds the Authorization header for basic auth or a bearer-style credential (scrape jobs and the datasource). */
export function scrapeHeaders(sc: Pick<ScrapeConfig, 'basicAuth' | 'authorization'>): Record<string, string> {
  if (sc.basicAuth) {
    const token = Buffer.from(`${sc.basicAuth.username}:${sc.basicAuth.password.reveal()}`).toString('base64');
    return { authorization: `Basic ${token}` };
  }
  if (sc.authorization) return { authorization: `${sc.authorization.type} ${sc.authorization.credentials.reveal()}` };
  return {};
}

/**
 * readTlsFiles loads a target's CA, certificate and key on every scrape so rotated certificates
 * are picked up without a reload (Prometheus does the same).
 */
export function readTlsFiles(t: Target): { ca?: Buffer; cert?: Buffer; key?: Buffer } | undefined {
  if (!t.tls) return undefined;
  const out: { ca?: Buffer; cert?: Buffer; key?: Buffer } = {};
  if (t.tls.caFile) out.ca = readFileSync(t.tls.caFile);
  if (t.tls.certFile) out.cert = readFileSync(t.tls.certFile);
  if (t.tls.keyFile) out.key = readFileSync(t.tls.keyFile);
  return out;
}
