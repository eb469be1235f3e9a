/**
 * proc-net: the listening sockets in /proc/net/tcp and /proc/net/tcp6 (proc(5)). Each line after
 * the header is `sl local_address rem_address st … inode …`; addresses are hex, the IP as 32-bit
 * words in the host's byte order and the port big-endian. State 0A is LISTEN.
 */

/** Listener is one listening TCP socket. */
export interface Listener {
  /** ip is dotted IPv4 or a lower-case, uncompressed-but-readable IPv6 address. */
  readonly ip: string;
  readonly port: number;
  readonly inode: number;
  readonly family: 4 | 6;
}

const LISTEN = '0A';

/** hexWord turns 8 hex characters into 4 bytes in memory order for the given host byte order. */
function wordBytes(hex: string, littleEndian: boolean): number[] {
  const v = parseInt(hex, 16);
  const be = [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  return littleEndian ? be.reverse() : be;
}

/** decodeIp decodes the kernel's hex address (8 or 32 characters). */
export function decodeIp(hex: string, littleEndian: boolean): string | undefined {
  if (!/^[0-9A-Fa-f]+$/.test(hex) || (hex.length !== 8 && hex.length !== 32)) return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < hex.length; i += 8) bytes.push(...wordBytes(hex.slice(i, i + 8), littleEndian));
  if (bytes.length === 4) return bytes.join('.');
  // IPv4-mapped IPv6 (::ffff:a.b.c.d) is reported as the IPv4 address it stands for.
  if (bytes.slice(0, 10).every((b) => b === 0) && bytes[10] === 0xff && bytes[11] === 0xff) return bytes.slice(12).join('.');
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(((bytes[i]! << 8) | bytes[i + 1]!).toString(16));
  const s = groups.join(':');
  if (s === '0:0:0:0:0:0:0:0') return '::';
  if (s === '0:0:0:0:0:0:0:1') return '::1';
  return s;
}

/** parseProcNetTcp returns the LISTEN entries of one /proc/net/tcp or tcp6 file; malformed lines are skipped. */
export function parseProcNetTcp(text: string, family: 4 | 6, littleEndian: boolean): Listener[] {
  const out: Listener[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i]!.trim().split(/\s+/);
    if (f.length < 10 || f[3] !== LISTEN) continue;
    const [addr, portHex] = f[1]!.split(':');
    if (!addr || !portHex) continue;
    const ip = decodeIp(addr, littleEndian);
    const inode = Number(f[9]);
    const port = parseInt(portHex, 16);
    if (ip === undefined || !Number.isInteger(inode) || inode <= 0 || !(port > 0)) continue;
    out.push({ ip, port, inode, family });
  }
  return out;
}

/**
 * probeHost says which loopback address reaches a listener, or undefined when it listens on a
 * specific non-loopback address (discovery probes loopback only). A wildcard listener is reached
 * on loopback too.
 */
export function probeHost(l: Listener): string | undefined {
  if (l.ip === '0.0.0.0' || /^127\./.test(l.ip)) return l.ip === '0.0.0.0' ? '127.0.0.1' : l.ip;
  // Go's `:8080` listens on the dual-stack wildcard `::`, which IPv4 loopback reaches.
  if (l.ip === '::') return '127.0.0.1';
  if (l.ip === '::1') return '[::1]';
  return undefined;
}

/** socketInode reads `socket:[123]`, the link text of a socket's fd in /proc/PID/fd. */
export function socketInode(link: string): number | undefined {
  const m = /^socket:\[(\d+)\]$/.exec(link);
  return m ? Number(m[1]) : undefined;
}
