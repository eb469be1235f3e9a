/**
 * main: the `leaksleuth` command line. Each command lives in its own module and is imported only
 * when used, so `leaksleuth check` does not load the notifier or start timers.
 */
import { Command, CommanderError, Option } from 'commander';
import { DaemonError, errorMessage } from '../core/errors.js';
import { VERSION } from '../version.js';


/** main runs the CLI on argv and resolves to the process exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode = 0;
  const setExit = (c: number): void => {
    exitCode = c;
  };
  const program = new Command()
    .name('leaksleuth')
    .description('Alerting rules engine and daemon for Go services that tells real memory leaks from look-alikes.')
    .version(VERSION)
    .exitOverride()
    .showHelpAfterError();

  program
    .command('run')
    .description('run the daemon (scrape, store, evaluate rules, diagnose, notify, serve the API)')
    .option('--config <file>', 'config file (default: config/leaksleuth.yaml, or the embedded default)')
    .option('--listen <addr>', 'override server.listen_address, e.g. 127.0.0.1:9817')
    .option('--data-dir <dir>', 'override storage.data_dir')
    .addOption(new Option('--log-level <level>', 'log level').choices(['debug', 'info', 'warn', 'error']).default('info'))
    .action(async (opts: { config?: string; listen?: string; dataDir?: string; logLevel: 'debug' | 'info' | 'warn' | 'error' }) => {
      const { runCommand } = await import('./commands/run.js');
      setExit(await runCommand(opts));
    });

  program
    .command('check')
    .description('validate a config file and/or rule files; prints every error as file:line:col: message')
    .option('--config <file>', 'config file to validate (its rule_files are checked too)')
    .option('--lint-fatal', 'treat lint warnings as errors')
    .argument('[rule-files...]', 'rule files to check')
    .action(async (files: string[], opts: { config?: string; lintFatal?: boolean }) => {
      const { checkCommand } = await import('./commands/check.js');
      setExit(await checkCommand(files, opts));
    });

  program
    .command('test')
    .description('run rule unit tests written in the `promtool test rules` format')
    .argument('<test-files...>', 'test files')
    .action(async (files: string[]) => {
      const { testCommand } = await import('./commands/test.js');
      setExit(await testCommand(files));
    });

  program
    .command('diagnose')
    .description('diagnose a Go service\'s memory growth, live or from an OpenMetrics recording')
    .option('--target <url>', 'metrics URL of the Go service, e.g. http://127.0.0.1:6060/metrics')
    .option('--cgroup <path>', 'cgroup of the service (path relative to the hierarchy, or absolute under the cgroup root)')
    .option('--pid <n>', 'find the cgroup (and /proc memory) from a process id')
    .option('--duration <d>', 'how long to watch a live target', '10m')
    .option('--interval <d>', 'sampling interval for a live target', '5s')
    .option('--openmetrics <file>', 'diagnose a recording (OpenMetrics text with timestamps) instead of a live target')
    .option('--job <job>', 'select the Go target in a recording by job label')
    .option('--instance <instance>', 'select the Go target in a recording by instance label')
    .option('--container <id>', 'select the container (cgroup id label) in a recording')
    .option('--json', 'print the diagnosis as JSON (stable schema, see docs/diagnosis.md)')
    .option('--heap-profile <file>', 'a /debug/pprof/heap profile; repeat, oldest first: two or more are diffed', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--goroutine-profile <file>', 'a /debug/pprof/goroutine dump (debug=1, debug=2 or protobuf); repeat, oldest first', (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option('--pprof', 'live: also fetch heap and goroutine profiles from the --target host:port at the start and the end')
    .action(async (opts: Record<string, string | string[] | boolean | undefined>) => {
      const { diagnoseCommand } = await import('./commands/diagnose.js');
      setExit(await diagnoseCommand(opts));
    });

  program
    .command('replay')
    .description('backtest rule files with the diagnosis over history: what would have fired, and with which verdict')
    .requiredOption('--rules <files...>', 'rule files or globs')
    .option('--openmetrics <file>', 'history from a recording (OpenMetrics text with timestamps, may be gzipped)')
    .option('--from <url>', 'history from a Prometheus-compatible API, e.g. http://127.0.0.1:9090')
    .option('--config <file>', 'take the API, its auth and container_match from this config\'s datasource section')
    .option('--start <time>', 'RFC 3339 or Unix seconds (default: recording start, or 6h before --end)')
    .option('--end <time>', 'RFC 3339 or Unix seconds (default: recording end, or now)')
    .option('--step <d>', 'evaluation step', '1m')
    .option('--window <d>', 'diagnosis window (diagnosis.window)', '6h')
    .option('--min-window <d>', 'shortest span the diagnosis decides on (diagnosis.min_window)', '5m')
    .option('--diagnosis-wait <d>', 'how long a first notification waits for a verdict (diagnosis.diagnosis_wait)', '2m')
    .option('--json', 'print the alerts as JSON')
    .action(async (opts: import('./commands/replay.js').ReplayOpts) => {
      const { replayCommand } = await import('./commands/replay.js');
      setExit(await replayCommand(opts));
    });

  const notify = program.command('notify').description('notification tools');
  notify
    .command('test')
    .description('send a sample notification through a receiver to check the path end to end')
    .requiredOption('--receiver <name>', 'receiver name from the config')
    .option('--config <file>', 'config file', 'config/leaksleuth.yaml')
    .action(async (opts: { receiver: string; config: string }) => {
      const { notifyTestCommand } = await import('./commands/notify.js');
      setExit(await notifyTestCommand(opts));
    });

  const silence = program.command('silence').description('manage silences on a running daemon');
  silence
    .command('add')
    .description('add a silence, e.g. `leaksleuth silence add alertname=HeapLeak instance=~"api.*" --duration 2h --comment "deploying fix"`')
    .argument('<matchers...>', 'matchers in Alertmanager syntax')
    .option('--url <url>', 'daemon address', 'http://127.0.0.1:9817')
    .option('--duration <d>', 'how long the silence lasts', '1h')
    .option('--author <name>', 'who creates it', process.env['USER'] ?? 'leaksleuth')
    .requiredOption('--comment <text>', 'why')
    .action(async (matchers: string[], opts: { url: string; duration: string; author: string; comment: string }) => {
      const { silenceAdd } = await import('./commands/silence.js');
      setExit(await silenceAdd(matchers, opts));
    });
  silence
    .command('list')
    .description('list silences')
    .option('--url <url>', 'daemon address', 'http://127.0.0.1:9817')
    .action(async (opts: { url: string }) => {
      const { silenceList } = await import('./commands/silence.js');
      setExit(await silenceList(opts));
    });
  silence
    .command('expire')
    .description('expire a silence by id')
    .argument('<id>', 'silence id')
    .option('--url <url>', 'daemon address', 'http://127.0.0.1:9817')
    .action(async (id: string, opts: { url: string }) => {
      const { silenceExpire } = await import('./commands/silence.js');
      setExit(await silenceExpire(id, opts));
    });

  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      return err.exitCode === 0 ? 0 : 1;
    }
    process.stderr.write((DaemonError.is(err) ? err.located() : errorMessage(err)) + '\n');
    return 1;
  }
  return exitCode;
}
