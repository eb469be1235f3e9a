/**
 * warnings: things in a valid config that are almost certainly not what was meant, reported by
 * `leaksleuth check` as warnings at their position. Today: discovery patterns. They are globs
 * (scrape/cgroup/glob.ts), but regex habits (`\.`, `.*`, `(a|b)`) are common, and a regex-shaped glob
 * silently discovers nothing.
 */
import { readFile } from 'node:fs/promises';
import { IssueSink } from './issues.js';
import type { ConfigIssue } from './types.js';
import { parseYamlDocument, type YamlDocument } from './yaml.js';

/** PatternKind says what a pattern is matched against: cgroup paths and names, or process names/units/containers. */
export type PatternKind = 'cgroup' | 'process';

/** REGEX_ONLY are characters that mean something in a regex and nothing in a glob (they match themselves). */
const REGEX_ONLY = /\\[.*+?()[\]{}|^$dDsSwW]|[()|+^$]|[[\]{}]|(^|\/)\.\*/;

/** globFromRegex suggests the glob a regex-shaped pattern most likely meant, or undefined when there is no plain one. */
export function globFromRegex(p: string): string | undefined {
  const g = p
    .replace(/^\^/, '')
    .replace(/\$$/, '')
    .replace(/\.\*/g, '*')
    .replace(/\.\+/g, '?*')
    .replace(/\\\./g, '.')
    .replace(/\*+/g, (m) => (m.length > 1 ? '**' : '*'));
  return REGEX_ONLY.test(g) ? undefined : g;
}

/** patternWarning explains why a pattern cannot match what it is matched against; undefined when it looks fine. */
export function patternWarning(p: string, kind: PatternKind): string | undefined {
  if (REGEX_ONLY.test(p)) {
    const fix = globFromRegex(p);
    return `pattern ${`"${p}"`} looks like a regular expression, but discovery patterns are globs (* ** ?; every other character matches itself), so it matches nothing${fix ? `; did you mean ${`"${fix}"`}?` : ''}`;
  }
  if (kind === 'process' && p.includes('/')) {
    return `pattern ${`"${p}"`} contains "/", but it is matched against a process name, a systemd unit or a container id, none of which has one`;
  }
  if (kind === 'cgroup' && p.includes('/') && !p.startsWith('/') && !p.startsWith('**')) {
    return `pattern ${`"${p}"`} contains "/" but does not start with it: a cgroup path starts with "/" and a unit or container name has no "/", so it matches neither`;
  }
  return undefined;
}

function listAt(doc: YamlDocument, section: string, key: string): unknown[] {
  const s = (doc.value as Record<string, unknown> | null | undefined)?.[section];
  const v = s && typeof s === 'object' ? (s as Record<string, unknown>)[key] : undefined;
  return Array.isArray(v) ? v : [];
}

/** configWarnings returns the warnings for config text that already loads without errors. */
export function configWarnings(text: string, file: string): ConfigIssue[] {
  const doc = parseYamlDocument(text, file);
  const sink = new IssueSink(file, doc);
  for (const [section, kind] of [['cgroup_discovery', 'cgroup'], ['go_discovery', 'process']] as const) {
    for (const key of ['include', 'exclude']) {
      listAt(doc, section, key).forEach((p, i) => {
        const w = typeof p === 'string' ? patternWarning(p, kind) : undefined;
        if (w) sink.add([section, key, i], w);
      });
    }
  }
  return sink.sorted();
}

/** checkConfigWarnings reads a config file and returns its warnings (none when it cannot be read). */
export async function checkConfigWarnings(path: string): Promise<ConfigIssue[]> {
  try {
    return configWarnings(await readFile(path, 'utf8'), path);
  } catch {
    return [];
  }
}
