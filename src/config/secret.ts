/**
 * secret: a wrapper for passwords and tokens so they cannot leak through logs, JSON API output or
 * `console.log`, the way prometheus/common's `Secret` marshals as `<secret>`.
 */
import { inspect } from 'node:util';

const REDACTED = '<secret>';

/** Secret holds a sensitive string; every rendering prints `<secret>` and only `reveal()` returns the value. */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
    Object.freeze(this);
  }

  /** reveal returns the real value; call it only where the value is sent to its destination. */
  reveal(): string {
    return this.#value;
  }

  /** isEmpty says whether the secret holds an empty string (an unset optional credential). */
  isEmpty(): boolean {
    return this.#value === '';
  }

  toString(): string {
    return REDACTED;
  }

  toJSON(): string {
    return REDACTED;
  }

  [inspect.custom](): string {
    return REDACTED;
  }
}

/** ENV_REF matches `${NAME}` references, which secret fields may use to read the environment. */
const ENV_REF = /\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g;

/**
 * expandSecretEnv replaces every `${NAME}` in a secret field with `env[NAME]`; it returns the names
 * that are not set so the caller can report them at the field's position instead of sending "".
 */
export function expandSecretEnv(text: string, env: Readonly<Record<string, string | undefined>>): { value: string; missing: string[] } {
  const missing: string[] = [];
  const value = text.replace(ENV_REF, (_m, name: string) => {
    const v = env[name];
    if (v === undefined) {
      missing.push(name);
      return '';
    }
    return v;
  });
  return { value, missing };
}
