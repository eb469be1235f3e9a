/**
 * notify: `leaksleuth notify test --receiver NAME` sends a sample alert with a sample diagnosis and
 * chart through every integration of one receiver and reports each result, so a user can check the
 * whole path (tokens, channels, SMTP) before a real incident does.
 */
import { dirname } from 'node:path';
import { loadConfigFile } from '../../config/load.js';
import { errorMessage } from '../../core/errors.js';
import { createLogger } from '../../core/log.js';
import { runNotifyTest, type RawNotifyConfig } from '../../notify/index.js';

/** notifyTestCommand returns 0 when every integration accepted the sample. */
export async function notifyTestCommand(opts: { receiver: string; config: string }): Promise<number> {
  try {
    const cfg = await loadConfigFile(opts.config, process.env);
    const results = await runNotifyTest(cfg.notify as RawNotifyConfig, opts.receiver, {
      log: createLogger('warn'),
      at: Date.now(),
      baseDir: dirname(cfg.file),
    });
    let ok = true;
    for (const r of results) {
      ok &&= r.ok;
      process.stdout.write(`${r.ok ? 'OK    ' : 'FAILED'} ${r.integration}${r.error ? `: ${r.error}${r.retryable ? ' (retryable)' : ''}` : ''}\n`);
    }
    if (results.length === 0) {
      process.stdout.write(`receiver "${opts.receiver}" has no integrations\n`);
      return 1;
    }
    return ok ? 0 : 1;
  } catch (err) {
    process.stderr.write(`leaksleuth notify test: ${errorMessage(err)}\n`);
    return 1;
  }
}
