/**
 * load: the one way into a Config. YAML (with positions) → ajv schema → conversion with defaults
 * and secrets → deep freeze. Every problem is collected, so one `leaksleuth check` run shows all of
 * them, each as `file:line:col: message`.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import { DaemonError, ErrorCode } from '../core/errors.js';
import { regexError } from '../core/re2.js';
import { parseDuration } from '../model/duration.js';
import { convertConfig } from './convert.js';
import { addAjvErrors, IssueSink } from './issues.js';
import { configSchema, type RawConfig } from './schema.js';
import { Secret } from './secret.js';
import { parseSize } from './size.js';
import type { Config, ConfigIssue } from './types.js';
import { parseYamlDocument, type YamlDocument } from './yaml.js';

/** Env is the environment that `${NAME}` in secret fields reads from (normally process.env). */
export type Env = Readonly<Record<string, string | undefined>>;

/** LoadResult is either a config or every issue that prevented one. */
export type LoadResult = { readonly config: Config } | { readonly errors: readonly ConfigIssue[] };

/**
 * The compiled validator is held through a WeakRef: a config is validated at start, on reload and
 * by `check`, and between those the ~2 MiB that ajv's generated code and its schema cache take
 * would otherwise stay in the daemon's heap for its whole life. Compiling again costs ~0.1 s,
 * paid only when a config is loaded after a garbage collection dropped the last one.
 */
let validatorRef: WeakRef<ValidateFunction<RawConfig>> | undefined;

function configValidator(): ValidateFunction<RawConfig> {
  const cached = validatorRef?.deref();
  if (cached) return cached;
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addFormat('duration', {
    type: 'string',
    validate: (s: string) => {
      try {
        parseDuration(s);
        return true;
      } catch {
        // The message is rebuilt in issues.ts from the same parseDuration call.
        return false;
      }
    },
  });
  ajv.addFormat('size', { type: 'string', validate: (s: string) => parseSize(s) !== undefined });
  ajv.addFormat('size-or-auto', { type: 'string', validate: (s: string) => s === 'auto' || parseSize(s) !== undefined });
  ajv.addFormat('regex', {
    type: 'string',
    validate: (s: string) => regexError(s) === undefined,
  });
  const validate = ajv.compile<RawConfig>(configSchema);
  validatorRef = new WeakRef(validate);
  return validate;
}

/** dropNulls removes `key:` entries with no value, which Go's YAML decoding treats as unset. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v === null || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) if (x !== null) out[k] = dropNulls(x);
  return out;
}

/** deepFreeze freezes the config tree so no stage can change what another stage reads. */
export function deepFreeze<T>(v: T): T {
  if (v === null || typeof v !== 'object' || Object.isFrozen(v) || v instanceof Secret) return v;
  Object.freeze(v);
  for (const x of Object.values(v)) deepFreeze(x);
  return v;
}

/** loadConfigText validates config text; `file` names it in messages and anchors relative paths. */
export function loadConfigText(text: string, file: string, env: Env): LoadResult {
  let doc: YamlDocument;
  try {
    doc = parseYamlDocument(text, file);
  } catch (err) {
    if (!DaemonError.is(err)) throw err;
    const p = err.position ?? { line: 1, col: 1 };
    return { errors: [{ file, line: p.line, col: p.col, message: err.message }] };
  }
  const sink = new IssueSink(file, doc);
  const value = dropNulls(doc.value ?? {});
  const validate = configValidator();
  if (!validate(value)) {
    addAjvErrors(sink, validate.errors ?? [], value);
    return { errors: sink.sorted() };
  }
  const config = convertConfig(value, { file, dir: dirname(resolve(file)), env, sink });
  if (sink.issues.length > 0) return { errors: sink.sorted() };
  return { config: deepFreeze(config) };
}

/** formatIssues renders issues one per line as `file:line:col: message`. */
export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `${i.file}:${i.line}:${i.col}: ${i.message}`).join('\n');
}

/** checkConfigFile returns every issue in a config file (empty when it is valid); used by `leaksleuth check --config`. */
export async function checkConfigFile(path: string, env: Env): Promise<ConfigIssue[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    return [{ file: path, line: 1, col: 1, message: `cannot read config file: ${(err as NodeJS.ErrnoException).code ?? String(err)}` }];
  }
  const r = loadConfigText(text, path, env);
  return 'errors' in r ? [...r.errors] : [];
}

/** loadConfigFile reads and validates a config file, throwing CONFIG_READ or CONFIG_INVALID (listing every issue). */
export async function loadConfigFile(path: string, env: Env): Promise<Config> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new DaemonError(ErrorCode.CONFIG_READ, `cannot read config file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  const r = loadConfigText(text, path, env);
  if ('errors' in r) {
    // The message already carries every position, one issue per line; no single position applies.
    throw new DaemonError(ErrorCode.CONFIG_INVALID, formatIssues(r.errors));
  }
  return r.config;
}
