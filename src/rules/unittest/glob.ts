/**
 * glob: rule_files patterns follow Go's filepath.Glob; the implementation is shared with file_sd.
 */
export { globFiles } from '../../core/glob.js';
