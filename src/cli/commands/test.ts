/**
 * test: `leaksleuth test FILES…` runs rule unit tests in the `promtool test rules` format with the
 * real engine; output and exit code follow promtool (0 all passed, 1 any failure).
 */
import { runRuleTests } from '../../rules/index.js';

/** testCommand runs the test files and returns the exit code. */
export async function testCommand(files: readonly string[]): Promise<number> {
  const r = await runRuleTests(files);
  process.stdout.write(r.output.endsWith('\n') ? r.output : r.output + '\n');
  return r.passed ? 0 : 1;
}
