/**
 * profile: decodes a pprof protobuf profile (`profile.proto`, usually gzipped, as net/http/pprof serves
 * it) into plain samples with symbolized stacks. The wire decoding is Datadog's `pprof-format` (pure JS,
 * complete for profile.proto, kept up by the team that ships it in dd-trace); this file only maps its
 * string-table indices to names and caps the input so a huge profile cannot take the process with it.
 */
import { gunzipSync } from 'node:zlib';
import { Profile } from 'pprof-format';
import { DaemonError, ErrorCode } from '../core/errors.js';

/** Frame is one symbolized frame. */
export interface Frame {
  readonly fn: string;
  readonly file: string;
  readonly line: number;
}

/** ProfileSample is one stack (leaf first, inlined frames expanded) and its values, indexed like `sampleTypes`. */
export interface ProfileSample {
  readonly frames: readonly Frame[];
  readonly values: readonly number[];
}

/** DecodedProfile is a profile reduced to what the analyses need. */
export interface DecodedProfile {
  /** sampleTypes are `type/unit` names, e.g. `inuse_space/bytes`, `goroutine/count`. */
  readonly sampleTypes: readonly string[];
  readonly samples: readonly ProfileSample[];
  /** timeNanos is when the profile was taken (ns since epoch; 0 when the profile does not say). */
  readonly timeNanos: number;
}

/** MAX_PROFILE_BYTES caps a profile after decompression (64 MiB: far above real heap profiles, which are ~0.1–5 MiB). */
export const MAX_PROFILE_BYTES = 64 * 2 ** 20;

/** isGzip tells gzip data by its magic bytes. */
export function isGzip(data: Uint8Array): boolean {
  return data.length > 2 && data[0] === 0x1f && data[1] === 0x8b;
}

/** looksLikeProtobufProfile tells a (possibly gzipped) profile.proto from text: a profile starts with field 1 (sample_type). */
export function looksLikeProtobufProfile(data: Uint8Array): boolean {
  return isGzip(data) || (data.length > 0 && data[0] === 0x0a);
}

const num = (x: number | bigint): number => (typeof x === 'bigint' ? Number(x) : x);

/** decodeProfile decodes a gzipped or raw profile.proto message; bad input is a DIAGNOSE_INPUT error naming `what`. */
export function decodeProfile(data: Uint8Array, what = 'profile', maxBytes = MAX_PROFILE_BYTES): DecodedProfile {
  let raw = data;
  if (isGzip(raw)) {
    try {
      raw = gunzipSync(raw, { maxOutputLength: maxBytes });
    } catch (err) {
      const big = (err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE';
      throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, big ? `${what}: larger than ${maxBytes} bytes uncompressed` : `${what}: bad gzip data`, { cause: err });
    }
  } else if (raw.length > maxBytes) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: larger than ${maxBytes} bytes`);
  let p: Profile;
  try {
    p = Profile.decode(raw);
  } catch (err) {
    throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: not a pprof protobuf profile (${(err as Error).message})`, { cause: err });
  }
  const strings = p.stringTable.strings;
  const str = (i: number | bigint): string => strings[num(i)] ?? '';
  if (p.sampleType.length === 0) throw new DaemonError(ErrorCode.DIAGNOSE_INPUT, `${what}: not a pprof profile (no sample types)`);
  const functions = new Map<number, { name: string; file: string }>();
  for (const f of p.function) functions.set(num(f.id), { name: str(f.name), file: str(f.filename) });
  const locations = new Map<number, Frame[]>();
  for (const l of p.location) {
    // within a location the inlined callee comes first, as pprof lists it
    locations.set(
      num(l.id),
      l.line.map((ln) => {
        const f = functions.get(num(ln.functionId));
        return { fn: f?.name || `0x${num(l.address).toString(16)}`, file: f?.file ?? '', line: num(ln.line) };
      }),
    );
  }
  const samples = p.sample.map((s) => ({
    frames: s.locationId.flatMap((id) => locations.get(num(id)) ?? []),
    values: s.value.map(num),
  }));
  return { sampleTypes: p.sampleType.map((t) => `${str(t.type)}/${str(t.unit)}`), samples, timeNanos: num(p.timeNanos) };
}

/** frameText renders `fn (file:line)` with the file's last path element, as people read it in a message. */
export function frameText(f: Frame): string {
  return f.file ? `${f.fn} (${baseName(f.file)}:${f.line})` : f.fn;
}

/** baseName is the last element of a slash path. */
export function baseName(file: string): string {
  const i = file.lastIndexOf('/');
  return i < 0 ? file : file.slice(i + 1);
}

/**
 * isRuntimeFrame tells frames of the Go runtime and its hooks (parking, semaphores, the allocator),
 * which are never the answer to "where": the first frame after them is.
 */
export function isRuntimeFrame(fn: string): boolean {
  return fn.startsWith('runtime.') || fn.startsWith('runtime/internal/') || fn.startsWith('internal/') || fn.startsWith('sync.runtime_');
}

// top-level import paths of the Go standard library (go list std, Go 1.12–1.23): a frame in one of these is
// how the program allocates or waits, not what it does, so "where" names the first frame outside them
const STDLIB = new Set(
  'archive bufio builtin bytes cmp compress container context crypto database debug embed encoding errors expvar flag fmt go hash html image index internal io iter log maps math mime net os path plugin reflect regexp runtime slices sort strconv strings sync syscall testing text time unicode unique unsafe vendor weak'.split(' '),
);

/** isStdlibFrame tells a function of the Go standard library by the first element of its import path. */
export function isStdlibFrame(fn: string): boolean {
  const slash = fn.indexOf('/');
  const dot = fn.indexOf('.');
  const top = fn.slice(0, slash >= 0 && (dot < 0 || slash < dot) ? slash : dot);
  return STDLIB.has(top);
}

/**
 * codeFrameIndex is the index of the frame to blame: the first outside the runtime and the standard
 * library (the program's own code), else the first outside the runtime, else the leaf.
 */
export function codeFrameIndex(frames: readonly Frame[]): number {
  const own = frames.findIndex((f) => !isRuntimeFrame(f.fn) && !isStdlibFrame(f.fn));
  if (own >= 0) return own;
  const nonRuntime = frames.findIndex((f) => !isRuntimeFrame(f.fn));
  return nonRuntime >= 0 ? nonRuntime : 0;
}
