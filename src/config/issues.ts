/**
 * issues: turns ajv's validation errors into ConfigIssues placed at the YAML position of the value
 * they are about, with messages written for people ("unknown field", "not a valid duration") rather
 * than JSON-Schema jargon ("must NOT have additional properties").
 */
import type { ErrorObject } from 'ajv';
import { parseDuration } from '../model/duration.js';
import { errorMessage } from '../core/errors.js';
import { regexError } from '../core/re2.js';
import { PROMETHEUS_ONLY_FIELDS } from './schema.js';
import type { ConfigIssue } from './types.js';
import type { YamlDocument, YamlPath } from './yaml.js';

/** IssueSink collects issues at YAML paths; `key` places the issue on the key rather than the value. */
export class IssueSink {
  readonly issues: ConfigIssue[] = [];

  constructor(
    private readonly file: string,
    private readonly doc: YamlDocument | undefined,
  ) {}

  /** add records a problem with the value at `path`; the message is prefixed with the dotted path. */
  add(path: YamlPath, message: string, opts: { key?: boolean; bare?: boolean } = {}): void {
    const pos = this.doc ? (opts.key ? this.doc.keyPositionOf(path) : this.doc.positionOf(path)) : { line: 1, col: 1 };
    // A key-placed issue names the key itself in its message, so the prefix is the parent's path.
    const where = dottedPath(opts.key ? path.slice(0, -1) : path);
    const text = opts.bare || where === '' ? message : `${where}: ${message}`;
    if (this.issues.some((i) => i.line === pos.line && i.col === pos.col && i.message === text)) return;
    this.issues.push({ file: this.file, line: pos.line, col: pos.col, message: text });
  }

  /** sorted returns the issues in file order, so the output reads top to bottom. */
  sorted(): ConfigIssue[] {
    return [...this.issues].sort((a, b) => a.line - b.line || a.col - b.col || (a.message < b.message ? -1 : 1));
  }
}

/** dottedPath renders a YAML path the way users write it: `scrape_configs[0].scrape_interval`. */
export function dottedPath(path: YamlPath): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out;
}

function pointerToPath(pointer: string): Array<string | number> {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

function sectionOf(path: YamlPath): string {
  if (path.length === 0) return 'root';
  if (path.length === 1 && path[0] === 'global') return 'global';
  if (path.length === 2 && path[0] === 'scrape_configs' && typeof path[1] === 'number') return 'scrape_config';
  return '';
}

/** addAjvErrors maps every ajv error into the sink. */
export function addAjvErrors(sink: IssueSink, errors: readonly ErrorObject[], value: unknown): void {
  for (const e of errors) {
    const path = pointerToPath(e.instancePath);
    const p = e.params as Record<string, unknown>;
    switch (e.keyword) {
      case 'additionalProperties': {
        const name = String(p['additionalProperty']);
        const full = [...path, name];
        const promOnly = PROMETHEUS_ONLY_FIELDS[sectionOf(path)]?.has(name) ?? false;
        sink.add(full, promOnly ? `field "${name}" is valid in Prometheus but not supported by leaksleuth; remove it` : `unknown field "${name}"`, {
          key: true,
        });
        break;
      }
      case 'required':
        sink.add(path, `missing required field "${String(p['missingProperty'])}"`);
        break;
      case 'propertyNames':
        sink.add([...path, String(p['propertyName'])], `invalid label name "${String(p['propertyName'])}"`, { key: true });
        break;
      case 'pattern':
        // propertyNames reports the failing name again as a pattern error on the object; skip the echo.
        if (e.propertyName !== undefined) break;
        sink.add(path, patternMessage(path, valueAt(value, path)));
        break;
      case 'format':
        sink.add(path, formatMessage(String(p['format']), valueAt(value, path)));
        break;
      case 'enum':
        sink.add(path, `must be one of ${(p['allowedValues'] as unknown[]).map(String).join(', ')}, got ${JSON.stringify(valueAt(value, path))}`);
        break;
      case 'minProperties':
      case 'maxProperties':
        sink.add(path, path[path.length - 1] === 'cgroup' ? 'set exactly one of path, pid, pidfile, systemd_unit' : e.message ?? 'invalid');
        break;
      case 'type':
        sink.add(path, `must be ${typeWord(String(p['type']))}, got ${describe(valueAt(value, path))}`);
        break;
      default:
        sink.add(path, e.message ?? e.keyword);
    }
  }
}

function typeWord(t: string): string {
  const words: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a string', integer: 'an integer', boolean: 'true or false', number: 'a number' };
  return t.split(',').map((x) => words[x] ?? x).join(' or ');
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function patternMessage(path: YamlPath, v: unknown): string {
  const last = path[path.length - 1];
  if (last === 'listen_address') return `must be host:port, got ${JSON.stringify(v)}`;
  if (last === 'metrics_path') return `must start with "/", got ${JSON.stringify(v)}`;
  if (last === 'url') return `must be an http:// or https:// URL, got ${JSON.stringify(v)}`;
  return `invalid value ${JSON.stringify(v)}`;
}

function formatMessage(format: string, v: unknown): string {
  if (format === 'duration') {
    try {
      parseDuration(String(v));
    } catch (err) {
      return errorMessage(err);
    }
  }
  if (format === 'size-or-auto') return `not a valid size: ${JSON.stringify(v)} (use auto, bytes or a unit: 512MB, 1GB)`;
  if (format === 'size') return `not a valid size: ${JSON.stringify(v)} (use bytes or a unit: 512KB, 10MB, 1GB)`;
  if (format === 'regex') {
    const why = regexError(String(v));
    if (why !== undefined) return why;
  }
  return `invalid ${format}: ${JSON.stringify(v)}`;
}

/** valueAt reads the raw value at a path (for quoting it back in a message). */
export function valueAt(value: unknown, path: YamlPath): unknown {
  let v = value;
  for (const seg of path) {
    if (v === null || typeof v !== 'object') return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
