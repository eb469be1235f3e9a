/**
 * go-exe: reads a process' executable just far enough to tell whether it is a Go binary. Only
 * bounded ranges are read: the ELF header, the section header table, the section name table and
 * the `.go.buildinfo` section (a few KiB in all). A binary whose section headers were stripped is
 * searched in a bounded prefix instead. Results are cached by (device, inode), so one binary run as
 * fifty processes, or seen again on every discovery pass, is read once.
 */
import { open, stat, type FileHandle } from 'node:fs/promises';
import { findMagic, parseElfHeader, parseGoBuildInfo, parseSectionHeaders, sectionName, type GoBuildInfo } from './go-buildinfo.js';

/** MAX_SECTION_TABLE bounds the section header table read (Go binaries have about 40 sections). */
const MAX_SECTION_TABLE = 256 * 1024;
/** MAX_PREFIX_SCAN bounds the search of a binary without section headers. */
export const MAX_PREFIX_SCAN = 32 * 1024 * 1024;
/** MAX_CACHE bounds the cache; past it the cache starts over (binaries on one host are few). */
const MAX_CACHE = 4096;

async function readAt(fh: FileHandle, offset: number, length: number): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, offset);
  return buf.subarray(0, bytesRead);
}

/** readGoBuildInfoFrom reads an open file; undefined when it is not a Go binary. */
export async function readGoBuildInfoFrom(fh: FileHandle, prefixLimit = MAX_PREFIX_SCAN): Promise<GoBuildInfo | undefined> {
  const head = await readAt(fh, 0, 64);
  const t = parseElfHeader(head);
  if (t) {
    const tableLen = t.shnum * t.shentsize;
    if (tableLen > MAX_SECTION_TABLE) return undefined;
    const sections = parseSectionHeaders(await readAt(fh, t.shoff, tableLen), t);
    const names = sections[t.shstrndx];
    if (!names || names.size > MAX_SECTION_TABLE) return undefined;
    const strtab = await readAt(fh, names.offset, names.size);
    const bi = sections.find((s) => sectionName(strtab, s.nameOffset) === '.go.buildinfo');
    if (bi) return parseGoBuildInfo(await readAt(fh, bi.offset, Math.min(bi.size, 64 * 1024)));
    // A Go binary linked externally keeps .go.buildinfo; no such section means not Go.
    return undefined;
  }
  if (head.length < 4 || head.readUInt32BE(0) !== 0x7f454c46) return undefined;
  // ELF without section headers (stripped with sstrip and the like): scan a bounded prefix.
  const chunk = 1024 * 1024;
  for (let off = 0; off < prefixLimit; off += chunk - 64) {
    const b = await readAt(fh, off, chunk);
    const i = findMagic(b, off);
    if (i >= 0) return parseGoBuildInfo(await readAt(fh, off + i, 64 * 1024));
    if (b.length < chunk) break;
  }
  return undefined;
}

/** GoExeCache answers "is this executable Go?" once per (device, inode). */
export class GoExeCache {
  private readonly cache = new Map<string, GoBuildInfo | null>();
  /** reads counts the binaries actually opened (the cache's misses), for tests and self-metrics. */
  reads = 0;

  /** lookup stats `path` (e.g. /proc/PID/exe) and returns its build info; undefined when not Go or unreadable. */
  async lookup(path: string): Promise<GoBuildInfo | undefined> {
    let key: string;
    try {
      const st = await stat(path);
      if (!st.isFile()) return undefined;
      key = `${st.dev}:${st.ino}`;
    } catch {
      return undefined;
    }
    const hit = this.cache.get(key);
    if (hit !== undefined) return hit ?? undefined;
    let info: GoBuildInfo | undefined;
    try {
      this.reads++;
      const fh = await open(path, 'r');
      try {
        info = await readGoBuildInfoFrom(fh);
      } finally {
        await fh.close();
      }
    } catch {
      // Unreadable now (the process exited, permissions): do not remember a guess.
      return undefined;
    }
    if (this.cache.size >= MAX_CACHE) this.cache.clear();
    this.cache.set(key, info ?? null);
    return info;
  }
}
