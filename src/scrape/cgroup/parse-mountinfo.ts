/**
 * parse-mountinfo: /proc/self/mountinfo (proc(5)), one mount per line:
 *   36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue
 * Only the fields needed to find cgroup mounts are kept.
 */
import { parseFailure, splitLines } from './parse-util.js';

/** MountEntry is one parsed mountinfo line. */
export interface MountEntry {
  /** root is the path inside the filesystem that is mounted (a cgroup path for bind mounts). */
  readonly root: string;
  readonly mountPoint: string;
  readonly fsType: string;
  readonly source: string;
  /** superOptions are the per-superblock options; for cgroup v1 they name the controllers. */
  readonly superOptions: readonly string[];
}

/** unescapeMountField undoes the kernel's octal escapes (`\040` for space, `\134` for backslash). */
export function unescapeMountField(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** parseMountinfo parses every line; a line without the ` - ` separator or too few fields is an error. */
export function parseMountinfo(text: string, file = 'mountinfo'): MountEntry[] {
  const out: MountEntry[] = [];
  const lines = splitLines(text);
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '') continue;
    const fields = raw.trim().split(' ');
    const sep = fields.indexOf('-');
    // id, parent, major:minor, root, mount point, options, then zero or more optional fields.
    if (sep < 6 || fields.length < sep + 3) {
      throw parseFailure(file, i + 1, 1, `malformed mountinfo line ${JSON.stringify(raw)}`);
    }
    if (!/^\d+:\d+$/.test(fields[2]!)) {
      throw parseFailure(file, i + 1, raw.indexOf(fields[2]!) + 1, `bad major:minor ${JSON.stringify(fields[2])}`);
    }
    out.push({
      root: unescapeMountField(fields[3]!),
      mountPoint: unescapeMountField(fields[4]!),
      fsType: fields[sep + 1]!,
      source: unescapeMountField(fields[sep + 2]!),
      superOptions: (fields[sep + 3] ?? '').split(',').filter((o) => o !== ''),
    });
  }
  return out;
}
