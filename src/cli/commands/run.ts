/**
 * run: `leaksleuth run`. Starts the daemon and maps signals: SIGHUP reloads, SIGTERM/SIGINT drain
 * and save state, a second SIGTERM exits at once.
 */
import { errorMessage } from '../../core/errors.js';
import { createLogger, type LogLevel } from '../../core/log.js';
import { Daemon } from '../../daemon.js';

/** RunOptions are the `run` flags. */
export interface RunOptions {
  readonly config?: string;
  readonly listen?: string;
  readonly dataDir?: string;
  readonly logLevel: LogLevel;
}

/** runCommand resolves with the exit code once the daemon has stopped. */
export async function runCommand(opts: RunOptions): Promise<number> {
  const log = createLogger(opts.logLevel);
  let daemon: Daemon;
  try {
    daemon = await Daemon.start({
      ...(opts.config ? { configPath: opts.config } : {}),
      ...(opts.listen ? { listen: opts.listen } : {}),
      ...(opts.dataDir ? { dataDir: opts.dataDir } : {}),
      log,
      env: process.env,
    });
  } catch (err) {
    for (const line of errorMessage(err).split('\n')) log.error('cannot start', { err: line });
    return 1;
  }
  return new Promise<number>((resolve) => {
    let terminating = false;
    const onHup = (): void => {
      log.info('SIGHUP: reloading config');
      void daemon.reload();
    };
    const onTerm = (sig: NodeJS.Signals): void => {
      if (terminating) {
        log.warn(`second ${sig}: exiting without draining`);
        process.exit(1);
      }
      terminating = true;
      log.info(`${sig}: draining and saving state`);
      daemon.stop().then(
        () => {
          process.off('SIGHUP', onHup);
          resolve(0);
        },
        (err: unknown) => {
          log.error('shutdown failed', { err: errorMessage(err) });
          resolve(1);
        },
      );
    };
    process.on('SIGHUP', onHup);
    process.on('SIGTERM', () => onTerm('SIGTERM'));
    process.on('SIGINT', () => onTerm('SIGINT'));
  });
}
