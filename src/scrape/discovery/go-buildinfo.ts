/**
 * go-buildinfo: recognises a Go executable by the build information the Go linker writes into it.
 * Pure functions over byte ranges; go-exe.ts does the bounded file reads.
 *
 * Layout (Go's debug/buildinfo, documented in its source): a 32-byte header that starts with the
 * 14-byte magic `\xff Go buildinf:`, then the pointer size and a flags byte. Since Go 1.18 (flag
 * bit 2 set) the Go version and the module info follow the header inline, each as a uvarint length
 * and the bytes. Older binaries store pointers instead; they are still Go, only the version is not
 * read. The header sits at the start of the ELF section `.go.buildinfo`.
 */

/** GO_BUILDINFO_MAGIC is the first 14 bytes of the build info header. */
export const GO_BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');

/** GoBuildInfo is what a Go binary says about itself. */
export interface GoBuildInfo {
  /** goVersion is e.g. `go1.22.3`; empty for binaries older than Go 1.18. */
  readonly goVersion: string;
  /** path is the main package path (`path` line of the module info); empty when absent. */
  readonly path: string;
  /** module is the main module path (`mod` line); empty in GOPATH mode. */
  readonly module: string;
}

/** readUvarint decodes Go's unsigned varint at `off`; undefined when it runs past the end or is absurd. */
function readUvarint(b: Buffer, off: number): { value: number; next: number } | undefined {
  let value = 0;
  let shift = 0;
  for (let i = off; i < b.length && i < off + 5; i++) {
    const byte = b[i]!;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return { value, next: i + 1 };
    shift += 7;
  }
  return undefined;
}

/**
 * parseGoBuildInfo reads the header at the start of `b` (the `.go.buildinfo` section, or a window
 * that starts at the magic). Returns undefined when `b` does not start with the magic.
 */
export function parseGoBuildInfo(b: Buffer): GoBuildInfo | undefined {
  if (b.length < 32 || !b.subarray(0, GO_BUILDINFO_MAGIC.length).equals(GO_BUILDINFO_MAGIC)) return undefined;
  const flags = b[15]!;
  if ((flags & 2) === 0) return { goVersion: '', path: '', module: '' };
  const v = readUvarint(b, 32);
  if (!v || v.next + v.value > b.length) return { goVersion: '', path: '', module: '' };
  const goVersion = b.subarray(v.next, v.next + v.value).toString('utf8');
  const m = readUvarint(b, v.next + v.value);
  let modinfo = '';
  if (m && m.next + m.value <= b.length) modinfo = b.subarray(m.next, m.next + m.value).toString('latin1');
  // The module info is wrapped in two 16-byte sentinels; the lines are tab-separated.
  if (modinfo.length >= 33) modinfo = modinfo.slice(16, -16);
  let path = '';
  let module = '';
  for (const line of modinfo.split('\n')) {
    const f = line.split('\t');
    if (f[0] === 'path' && f[1]) path = f[1];
    if (f[0] === 'mod' && f[1]) module = f[1];
  }
  return { goVersion, path, module };
}

/** ElfSectionTable locates the section headers, from the ELF file header. */
export interface ElfSectionTable {
  readonly is64: boolean;
  readonly littleEndian: boolean;
  readonly shoff: number;
  readonly shentsize: number;
  readonly shnum: number;
  readonly shstrndx: number;
}

/** ElfSection is the part of a section header the lookup needs. */
export interface ElfSection {
  readonly nameOffset: number;
  readonly offset: number;
  readonly size: number;
}

/** parseElfHeader reads the first 64 bytes of a file; undefined when it is not an ELF file with section headers. */
export function parseElfHeader(head: Buffer): ElfSectionTable | undefined {
  if (head.length < 52 || head.readUInt32BE(0) !== 0x7f454c46) return undefined;
  const is64 = head[4] === 2;
  const littleEndian = head[5] === 1;
  if (is64 && head.length < 64) return undefined;
  const u16 = (o: number): number => (littleEndian ? head.readUInt16LE(o) : head.readUInt16BE(o));
  const u32 = (o: number): number => (littleEndian ? head.readUInt32LE(o) : head.readUInt32BE(o));
  const u64 = (o: number): number => Number(littleEndian ? head.readBigUInt64LE(o) : head.readBigUInt64BE(o));
  const t = is64
    ? { is64, littleEndian, shoff: u64(0x28), shentsize: u16(0x3a), shnum: u16(0x3c), shstrndx: u16(0x3e) }
    : { is64, littleEndian, shoff: u32(0x20), shentsize: u16(0x2e), shnum: u16(0x30), shstrndx: u16(0x32) };
  if (t.shoff === 0 || t.shnum === 0 || t.shentsize < (is64 ? 64 : 40) || t.shstrndx >= t.shnum) return undefined;
  return t;
}

/** parseSectionHeaders decodes the section header table (`t.shnum` entries read from `t.shoff`). */
export function parseSectionHeaders(b: Buffer, t: ElfSectionTable): ElfSection[] {
  const out: ElfSection[] = [];
  const u32 = (o: number): number => (t.littleEndian ? b.readUInt32LE(o) : b.readUInt32BE(o));
  const u64 = (o: number): number => Number(t.littleEndian ? b.readBigUInt64LE(o) : b.readBigUInt64BE(o));
  for (let i = 0; i < t.shnum && (i + 1) * t.shentsize <= b.length; i++) {
    const o = i * t.shentsize;
    out.push(t.is64 ? { nameOffset: u32(o), offset: u64(o + 0x18), size: u64(o + 0x20) } : { nameOffset: u32(o), offset: u32(o + 0x10), size: u32(o + 0x14) });
  }
  return out;
}

/** sectionName reads a NUL-terminated name from the section name table. */
export function sectionName(strtab: Buffer, offset: number): string {
  if (offset >= strtab.length) return '';
  const end = strtab.indexOf(0, offset);
  return strtab.toString('latin1', offset, end < 0 ? strtab.length : end);
}

/**
 * findMagic returns the offset of the build info magic in `b`, only at 16-byte alignment relative
 * to `base` (the linker aligns the section so), or -1.
 */
export function findMagic(b: Buffer, base = 0): number {
  let i = b.indexOf(GO_BUILDINFO_MAGIC);
  while (i >= 0) {
    if ((base + i) % 16 === 0) return i;
    i = b.indexOf(GO_BUILDINFO_MAGIC, i + 1);
  }
  return -1;
}
