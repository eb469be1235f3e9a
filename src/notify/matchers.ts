/**
 * matchers: Alertmanager's matcher string syntax (`matchers: ['severity="critical"', 'job=~"api|db"']`,
 * also `{a="b", c!="d"}`) and the legacy `match` / `match_re` maps, compiled to model matchers.
 * Values follow Go string-literal escaping; unquoted values are trimmed, as in pkg/labels/parse.go.
 */
import { DaemonError, ErrorCode } from '../core/errors.js';
import { compileAnchored } from '../core/re2.js';
import { compileMatcher, type CompiledMatcher, type Matcher, type MatchType } from '../model/matcher.js';

const OPS: readonly MatchType[] = ['=~', '!~', '!=', '='];

/**
 * parseMatchers reads one matcher string, which may hold several comma-separated matchers. A
 * rejection is CONFIG_INVALID with the 1-based line:col of the problem inside `input`.
 */
export function parseMatchers(input: string): Matcher[] {
  let s = input.trim();
  // base maps an offset in `s` back to `input` (leading blanks and a stripped "{").
  let base = input.length - input.trimStart().length;
  if (s.startsWith('{')) {
    if (!s.endsWith('}') || s.length === 1) throw bad(input, base + s.length, 'missing closing "}"');
    s = s.slice(1, -1);
    base++;
  }
  const out: Matcher[] = [];
  let i = 0;
  const skipWs = (): void => {
    while (i < s.length && /\s/.test(s[i]!)) i++;
  };
  const fail = (at: number, why: string, cause?: unknown): DaemonError => bad(input, base + at, why, cause);
  while (true) {
    skipWs();
    if (i >= s.length) break;
    let name: string;
    if (s[i] === '"') [name, i] = readQuoted(s, i, fail);
    else {
      const m = /^[^\s=!~,{}"]+/.exec(s.slice(i));
      if (!m) throw fail(i, `expected a label name, got "${s[i]}"`);
      name = m[0];
      i += name.length;
    }
    skipWs();
    const op = OPS.find((o) => s.startsWith(o, i));
    if (!op) throw fail(i, `expected one of = != =~ !~ after "${name}"`);
    i += op.length;
    skipWs();
    const valueAt = i;
    let value: string;
    if (s[i] === '"') [value, i] = readQuoted(s, i, fail);
    else {
      let j = i;
      while (j < s.length && s[j] !== ',') j++;
      value = s.slice(i, j).trim();
      if (value.includes('"')) throw fail(i + s.slice(i, j).indexOf('"'), `unbalanced quote in value for "${name}"`);
      i = j;
    }
    if (op === '=~' || op === '!~') checkRegex(value, valueAt, fail);
    out.push({ name, type: op, value });
    skipWs();
    if (i < s.length) {
      if (s[i] !== ',') throw fail(i, `unexpected "${s[i]}"; expected "," or the end`);
      i++;
    }
  }
  return out;
}

/** compileMatcherList parses and compiles a `matchers:` list. */
export function compileMatcherList(list: readonly string[]): CompiledMatcher[] {
  return list.flatMap((s) => parseMatchers(s).map(compileMatcher));
}

/** compileLegacy turns `match` / `match_re` maps into compiled matchers, as Alertmanager does. */
export function compileLegacy(
  match: Readonly<Record<string, string>> | undefined,
  matchRe: Readonly<Record<string, string>> | undefined,
): CompiledMatcher[] {
  const out: CompiledMatcher[] = [];
  for (const [name, value] of Object.entries(match ?? {})) out.push(compileMatcher({ name, type: '=', value }));
  for (const [name, value] of Object.entries(matchRe ?? {})) {
    const text = `${name}=~${value}`;
    checkRegex(value, name.length + 2, (at, why, cause) => bad(text, at, why, cause));
    out.push(compileMatcher({ name, type: '=~', value }));
  }
  return out;
}

/** matcherString renders one matcher like Alertmanager's Matcher.String (`name="value"`). */
export function matcherString(m: Matcher): string {
  return `${m.name}${m.type}${JSON.stringify(m.value)}`;
}

/**
 * matchersString renders `{a="b",c=~"d"}` in the order given, with JSON escaping. Route keys
 * were built this way before they followed Alertmanager; see legacyRouteKey.
 */
export function matchersString(ms: readonly Matcher[]): string {
  return '{' + ms.map(matcherString).join(',') + '}';
}

const TYPE_ORDER: Readonly<Record<MatchType, number>> = { '=': 0, '!=': 1, '=~': 2, '!~': 3 };

/**
 * routeMatchersString renders a route's matchers as Alertmanager's route key does: sorted by
 * name, then value, then operator (labels.Matchers.Less), each `name<op>"value"` with only
 * backslash, newline and double quote escaped (openMetricsEscape).
 */
export function routeMatchersString(ms: readonly Matcher[]): string {
  const sorted = [...ms].sort((a, b) => cmp(a.name, b.name) || cmp(a.value, b.value) || TYPE_ORDER[a.type] - TYPE_ORDER[b.type]);
  return '{' + sorted.map((m) => `${m.name}${m.type}"${m.value.replace(/[\\\n"]/g, (c) => (c === '\n' ? '\\n' : '\\' + c))}"`).join(',') + '}';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

type Fail = (at: number, why: string, cause?: unknown) => DaemonError;

function readQuoted(s: string, start: number, fail: Fail): [string, number] {
  let i = start + 1;
  let out = '';
  while (i < s.length && s[i] !== '"') {
    if (s[i] === '\\') {
      const c = s[i + 1];
      if (c === undefined) break;
      out += c === 'n' ? '\n' : c === 't' ? '\t' : c;
      i += 2;
    } else out += s[i++];
  }
  if (s[i] !== '"') throw fail(start, 'unterminated quoted string');
  return [out, i + 1];
}

function checkRegex(value: string, at: number, fail: Fail): void {
  // Alertmanager compiles `^(?:value)$` with Go's regexp; so does compileAnchored (core/re2.ts).
  try {
    compileAnchored(value);
  } catch (err) {
    throw fail(at, (err as Error).message, err);
  }
}

function bad(input: string, offset: number, why: string, cause?: unknown): DaemonError {
  const before = input.slice(0, Math.min(offset, input.length));
  const line = before.split('\n').length;
  const col = before.length - before.lastIndexOf('\n');
  // Quote at most 200 characters of the input: the position says where the problem is.
  const quoted = JSON.stringify(input.length > 200 ? input.slice(0, 200) + '…' : input);
  return new DaemonError(ErrorCode.CONFIG_INVALID, `bad matcher ${quoted}: ${line}:${col}: ${why}`, {
    cause,
    position: { line, col },
  });
}
