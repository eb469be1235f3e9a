/**
 * silence: `leaksleuth silence add|list|expire` against a running daemon's Alertmanager-compatible
 * `/api/v2/silences` API (the same calls amtool makes).
 */
import { errorMessage } from '../../core/errors.js';
import { parseDuration } from '../../model/duration.js';
import { parseMatchers } from '../../notify/matchers.js';

async function call(url: string, init?: RequestInit): Promise<unknown> {
  const r = await fetch(url, init);
  const text = await r.text();
  if (!r.ok) throw new Error(`${init?.method ?? 'GET'} ${url}: HTTP ${r.status}: ${text.trim()}`);
  return text ? (JSON.parse(text) as unknown) : null;
}

/** silenceAdd creates a silence and prints its id. */
export async function silenceAdd(matchers: readonly string[], o: { url: string; duration: string; author: string; comment: string }): Promise<number> {
  try {
    const ms = matchers.flatMap((m) => parseMatchers(m));
    const now = Date.now();
    const body = {
      matchers: ms.map((m) => ({ name: m.name, value: m.value, isRegex: m.type.endsWith('~'), isEqual: !m.type.startsWith('!') })),
      startsAt: new Date(now).toISOString(),
      endsAt: new Date(now + parseDuration(o.duration)).toISOString(),
      createdBy: o.author,
      comment: o.comment,
    };
    const r = (await call(`${o.url}/api/v2/silences`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })) as { silenceID: string };
    process.stdout.write(r.silenceID + '\n');
    return 0;
  } catch (err) {
    process.stderr.write(`leaksleuth silence add: ${errorMessage(err)}\n`);
    return 1;
  }
}

interface SilenceJSON {
  id: string;
  status: { state: string };
  matchers: Array<{ name: string; value: string; isRegex: boolean; isEqual: boolean }>;
  endsAt: string;
  createdBy: string;
  comment: string;
}

/** silenceList prints silences as a table. */
export async function silenceList(o: { url: string }): Promise<number> {
  try {
    const list = (await call(`${o.url}/api/v2/silences`)) as SilenceJSON[];
    process.stdout.write('ID                                    STATE    ENDS AT                   CREATED BY  MATCHERS  COMMENT\n');
    for (const s of list) {
      const ms = s.matchers.map((m) => `${m.name}${m.isEqual ? '' : '!'}${m.isRegex ? '=~' : '='}${JSON.stringify(m.value)}`).join(',');
      process.stdout.write(`${s.id.padEnd(37)} ${s.status.state.padEnd(8)} ${s.endsAt.padEnd(25)} ${s.createdBy.padEnd(11)} ${ms}  ${s.comment}\n`);
    }
    return 0;
  } catch (err) {
    process.stderr.write(`leaksleuth silence list: ${errorMessage(err)}\n`);
    return 1;
  }
}

/** silenceExpire ends a silence now. */
export async function silenceExpire(id: string, o: { url: string }): Promise<number> {
  try {
    await call(`${o.url}/api/v2/silence/${encodeURIComponent(id)}`, { method: 'DELETE' });
    return 0;
  } catch (err) {
    process.stderr.write(`leaksleuth silence expire: ${errorMessage(err)}\n`);
    return 1;
  }
}
