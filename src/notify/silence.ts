/**
 * silence: Alertmanager-compatible silences without HTTP — create (or update), list, expire — in
 * the API v2 shapes, persisted atomically in the data dir. A silence mutes an alert while
 * startsAt <= at < endsAt and all its matchers match; the lead wires this to HTTP and the CLI.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaemonError, ErrorCode } from '../core/errors.js';
import type { Labels } from '../model/labels.js';
import { compileMatcher, matchesAll, type CompiledMatcher, type MatchType } from '../model/matcher.js';
import { writeFileAtomic } from './durable.js';
import type { Muter } from './stage.js';

/** SilenceMatcher is the API v2 matcher shape. */
export interface SilenceMatcher {
  readonly name: string;
  readonly value: string;
  readonly isRegex: boolean;
  readonly isEqual?: boolean;
}

/** PostableSilence is the body of `POST /api/v2/silences` (id set = update). */
export interface PostableSilence {
  readonly id?: string;
  readonly matchers: readonly SilenceMatcher[];
  readonly startsAt: string;
  readonly endsAt: string;
  readonly createdBy: string;
  readonly comment: string;
}

/** SilenceState is Alertmanager's three-valued silence status. */
export type SilenceState = 'pending' | 'active' | 'expired';

/** GettableSilence is the API v2 silence returned by list/get. */
export interface GettableSilence extends Required<Omit<PostableSilence, 'matchers'>> {
  readonly matchers: ReadonlyArray<Required<SilenceMatcher>>;
  readonly updatedAt: string;
  readonly status: { readonly state: SilenceState };
}

interface Stored {
  id: string;
  matchers: Array<Required<SilenceMatcher>>;
  startsAt: number;
  endsAt: number;
  updatedAt: number;
  createdBy: string;
  comment: string;
}

/** SILENCE_RETENTION_MS keeps expired silences visible for 120h, Alertmanager's --data.retention. */
export const SILENCE_RETENTION_MS = 120 * 3600_000;

/** SilenceStore owns the silences of one data dir. */
export class SilenceStore implements Muter {
  private readonly path: string;
  private silences = new Map<string, Stored>();
  private compiled = new Map<string, CompiledMatcher[]>();

  constructor(dataDir: string) {
    this.path = join(dataDir, 'notify', 'silences.json');
    this.load();
  }

  /** create validates and stores a silence (updating in place when Alertmanager would) and returns its id. */
  create(p: PostableSilence, at: number): { silenceID: string } {
    const s = this.validate(p, at);
    const prev = p.id ? this.silences.get(p.id) : undefined;
    if (p.id && !prev) throw notFound(p.id);
    if (prev && canUpdateInPlace(prev, s, at)) {
      this.put({ ...s, id: prev.id });
    } else {
      if (prev && stateOf(prev, at) !== 'expired') this.put({ ...prev, ...expireTimes(prev, at), updatedAt: at });
      this.put({ ...s, id: randomUUID() });
    }
    this.gc(at);
    this.save();
    return { silenceID: [...this.silences.values()].at(-1)!.id };
  }

  /** get returns one silence by id. */
  get(id: string, at: number): GettableSilence {
    const s = this.silences.get(id);
    if (!s) throw notFound(id);
    return toGettable(s, at);
  }

  /** list returns silences sorted like Alertmanager's API (active, pending, expired), optionally filtered by label matchers. */
  list(at: number, filter: readonly CompiledMatcher[] = []): GettableSilence[] {
    const rank: Record<SilenceState, number> = { active: 0, pending: 1, expired: 2 };
    return [...this.silences.values()]
      .filter((s) => filter.length === 0 || matchesAll(equalityLabels(s), filter))
      .map((s) => toGettable(s, at))
      .sort((a, b) => {
        const r = rank[a.status.state] - rank[b.status.state];
        if (r !== 0) return r;
        if (a.status.state === 'pending') return a.startsAt.localeCompare(b.startsAt);
        if (a.status.state === 'expired') return b.endsAt.localeCompare(a.endsAt);
        return a.endsAt.localeCompare(b.endsAt);
      });
  }

  /** expire ends a silence now; an already expired silence is an error, as in Alertmanager. */
  expire(id: string, at: number): void {
    const s = this.silences.get(id);
    if (!s) throw notFound(id);
    if (stateOf(s, at) === 'expired') {
      throw new DaemonError(ErrorCode.NOTIFY_REJECTED, `silence ${id} already expired`);
    }
    this.put({ ...s, ...expireTimes(s, at), updatedAt: at });
    this.save();
  }

  /** mutes tells whether an active silence matches the label set at `at`. */
  mutes(labels: Labels, at: number): boolean {
    return this.silencedBy(labels, at).length > 0;
  }

  /** silencedBy lists the ids of active silences matching the label set. */
  silencedBy(labels: Labels, at: number): string[] {
    const ids: string[] = [];
    for (const s of this.silences.values()) {
      if (stateOf(s, at) !== 'active') continue;
      if (matchesAll(labels, this.compiled.get(s.id)!)) ids.push(s.id);
    }
    return ids;
  }

  private validate(p: PostableSilence, at: number): Omit<Stored, 'id'> {
    if (!p.matchers || p.matchers.length === 0) throw invalid('at least one matcher required');
    const matchers = p.matchers.map((m) => {
      if (!m.name) throw invalid('invalid label matcher: empty label name');
      return { name: m.name, value: m.value, isRegex: m.isRegex, isEqual: m.isEqual ?? true };
    });
    const cms = matchers.map(compileOne);
    if (cms.every((m) => m.test(''))) throw invalid('at least one matcher must not match the empty string');
    const startsAt = Date.parse(p.startsAt);
    const endsAt = Date.parse(p.endsAt);
    if (Number.isNaN(startsAt) || Number.isNaN(endsAt)) throw invalid('startsAt and endsAt must be RFC 3339 times');
    if (endsAt <= startsAt) throw invalid('start time must be before end time');
    if (endsAt < at) throw invalid("end time can't be in the past");
    if (!p.createdBy) throw invalid('createdBy is required');
    if (!p.comment) throw invalid('comment is required');
    // Like Alertmanager, a start in the past becomes "now" so the silence history stays truthful.
    return { matchers, startsAt: Math.max(startsAt, at), endsAt, updatedAt: at, createdBy: p.createdBy, comment: p.comment };
  }

  private put(s: Stored): void {
    this.silences.delete(s.id);
    this.silences.set(s.id, s);
    this.compiled.set(s.id, s.matchers.map(compileOne));
  }

  private gc(at: number): void {
    for (const s of this.silences.values()) {
      if (s.endsAt + SILENCE_RETENTION_MS < at) {
        this.silences.delete(s.id);
        this.compiled.delete(s.id);
      }
    }
  }

  private load(): void {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw new DaemonError(ErrorCode.INTERNAL, `cannot read ${this.path}`, { cause: err });
    }
    const list = JSON.parse(text) as Stored[];
    for (const s of list) this.put(s);
  }

  private save(): void {
    writeFileAtomic(this.path, JSON.stringify([...this.silences.values()], null, 1));
  }
}

function compileOne(m: Required<SilenceMatcher>): CompiledMatcher {
  const type: MatchType = m.isRegex ? (m.isEqual ? '=~' : '!~') : m.isEqual ? '=' : '!=';
  try {
    return compileMatcher({ name: m.name, type, value: m.value });
  } catch (err) {
    throw invalid(err instanceof Error ? err.message : `invalid regular expression "${m.value}"`, err);
  }
}

function stateOf(s: Stored, at: number): SilenceState {
  if (at < s.startsAt) return 'pending';
  if (at >= s.endsAt) return 'expired';
  return 'active';
}

function expireTimes(s: Stored, at: number): Pick<Stored, 'startsAt' | 'endsAt'> {
  // A pending silence that is expired never becomes active: both ends move to now.
  return at < s.startsAt ? { startsAt: at, endsAt: at } : { startsAt: s.startsAt, endsAt: at };
}

function canUpdateInPlace(prev: Stored, next: Omit<Stored, 'id'>, at: number): boolean {
  const state = stateOf(prev, at);
  if (state === 'expired') return false;
  if (JSON.stringify(prev.matchers) !== JSON.stringify(next.matchers)) return false;
  if (state === 'pending') return true;
  return next.startsAt === prev.startsAt || next.startsAt <= at;
}

function equalityLabels(s: Stored): Labels {
  const out: Record<string, string> = {};
  for (const m of s.matchers) if (!m.isRegex && m.isEqual) out[m.name] = m.value;
  return out;
}

function toGettable(s: Stored, at: number): GettableSilence {
  return {
    id: s.id,
    matchers: s.matchers,
    startsAt: new Date(s.startsAt).toISOString(),
    endsAt: new Date(s.endsAt).toISOString(),
    updatedAt: new Date(s.updatedAt).toISOString(),
    createdBy: s.createdBy,
    comment: s.comment,
    status: { state: stateOf(s, at) },
  };
}

function invalid(msg: string, cause?: unknown): DaemonError {
  return new DaemonError(ErrorCode.NOTIFY_REJECTED, `invalid silence: ${msg}`, { cause });
}

function notFound(id: string): DaemonError {
  return new DaemonError(ErrorCode.NOTIFY_REJECTED, `silence ${id} not found`);
}
