/**
 * check: `leaksleuth check [--config F] [RULE_FILES…]`, like `promtool check config/rules`. Every
 * problem is printed as `file:line:col: message`; exit 1 on any error (or warning with --lint-fatal).
 */
import { checkConfigFile, formatIssues, loadConfigFile } from '../../config/load.js';
import { errorMessage } from '../../core/errors.js';
import { checkRuleFile } from '../../rules/index.js';
import { datasourceRuleIssues } from '../../datasource/query.js';
import { globFiles } from '../../core/glob.js';
import { checkConfigWarnings } from '../../config/warnings.js';

/** checkCommand validates a config and rule files and returns the exit code. */
export async function checkCommand(files: readonly string[], opts: { config?: string; lintFatal?: boolean }): Promise<number> {
  let failed = false;
  const ruleFiles = [...files];
  let datasourceMode = false;
  if (opts.config) {
    const issues = await checkConfigFile(opts.config, process.env);
    process.stdout.write(`Checking ${opts.config}\n`);
    if (issues.length) {
      process.stderr.write(formatIssues(issues) + '\n');
      process.stdout.write(`  FAILED: ${issues.length} problem${issues.length === 1 ? '' : 's'}\n`);
      failed = true;
    } else {
      const cfg = await loadConfigFile(opts.config, process.env);
      datasourceMode = cfg.datasource !== undefined;
      const warnings = await checkConfigWarnings(opts.config);
      for (const w of warnings) process.stderr.write(`${w.file}:${w.line}:${w.col}: ${w.message} (warning)\n`);
      if (warnings.length && opts.lintFatal) {
        process.stdout.write(`  FAILED: ${warnings.length} warning(s)\n`);
        failed = true;
      } else process.stdout.write(`  SUCCESS: ${cfg.scrapeConfigs.length} scrape config(s), ${cfg.ruleFiles.length} rule file pattern(s)${warnings.length ? `, ${warnings.length} warning(s)` : ''}\n`);
      for (const pattern of cfg.ruleFiles) {
        const found = globFiles(pattern);
        if (found.length === 0) process.stderr.write(`${opts.config}: rule_files pattern ${pattern} matches no file\n`);
        ruleFiles.push(...found);
      }
    }
  }
  for (const file of ruleFiles) {
    process.stdout.write(`Checking ${file}\n`);
    let r;
    try {
      r = checkRuleFile(file);
    } catch (err) {
      process.stderr.write(errorMessage(err) + '\n');
      failed = true;
      continue;
    }
    // In datasource mode a rule must read either leaksleuth's own series or the datasource's.
    if (datasourceMode && !r.errors.length) r = { ...r, errors: datasourceRuleIssues(r.groups) };
    for (const w of r.warnings) process.stderr.write(`${w} (warning)\n`);
    if (r.errors.length) {
      process.stderr.write(r.errors.join('\n') + '\n');
      process.stdout.write(`  FAILED: ${r.errors.length} error${r.errors.length === 1 ? '' : 's'}\n`);
      failed = true;
    } else if (r.warnings.length && opts.lintFatal) {
      process.stdout.write(`  FAILED: ${r.warnings.length} lint warning(s)\n`);
      failed = true;
    } else {
      process.stdout.write('  SUCCESS\n');
    }
  }
  if (!opts.config && ruleFiles.length === 0) {
    process.stderr.write('nothing to check: give --config FILE and/or rule files\n');
    return 1;
  }
  return failed ? 1 : 0;
}
