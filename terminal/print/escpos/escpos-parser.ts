/**
 * A streaming ESC/POS parser for the simulated printer: bytes arrive in chunks of any size (a command may be split
 * across chunks), commands come out as events. It never throws on input: a command it does not know is skipped and
 * reported (`unknown`), an impossible one (a raster image larger than the printer could take) is reported
 * (`malformed`) and its header skipped. Command lengths: Epson ESC/POS Command Reference.
 */
import type { Alignment, RasterImage } from './escpos-commands.ts';

export type EscPosProblemCode = 'ESCPOS_UNKNOWN_COMMAND' | 'ESCPOS_MALFORMED_COMMAND' | 'ESCPOS_TRUNCATED';

export type EscPosEvent =
  | { readonly kind: 'initialize' }
  | { readonly kind: 'code-page'; readonly n: number }
  | { readonly kind: 'align'; readonly align: Alignment }
  | { readonly kind: 'bold'; readonly on: boolean }
  | { readonly kind: 'size'; readonly width: number; readonly height: number }
  | { readonly kind: 'text'; readonly bytes: Uint8Array }
  | { readonly kind: 'line-feed' }
  | { readonly kind: 'feed'; readonly lines: number }
  | { readonly kind: 'cut' }
  | { readonly kind: 'raster'; readonly image: RasterImage }
  | { readonly kind: 'status-query'; readonly n: number }
  | { readonly kind: 'ignored'; readonly bytes: Uint8Array }
  | { readonly kind: 'problem'; readonly code: EscPosProblemCode; readonly offset: number; readonly bytes: Uint8Array };

/** Largest raster image accepted (bytes of dot data): far above a receipt's, far below what would hurt. */
export const MAX_RASTER_BYTES = 1 << 20;

const ESC = 0x1b;
const GS = 0x1d;
const DLE = 0x10;
const FS = 0x1c;

// Parameter byte counts of fixed-length commands that change nothing the simulator keeps.
const ESC_FIXED: Record<number, number> = {
  0x21: 1, 0x2d: 1, 0x32: 0, 0x33: 1, 0x4a: 1, 0x4d: 1, 0x52: 1, 0x47: 1, 0x7b: 1, 0x56: 1, 0x20: 1,
  0x65: 1, 0x24: 2, 0x5c: 2, 0x70: 3, 0x63: 2, 0x55: 1, 0x72: 1, 0x25: 1, 0x3d: 1,
};
const GS_FIXED: Record<number, number> = { 0x42: 1, 0x68: 1, 0x77: 1, 0x48: 1, 0x66: 1, 0x4c: 2, 0x57: 2, 0x61: 1, 0x72: 1, 0x62: 1, 0x49: 1 };

const ALIGN: Record<number, Alignment> = { 0: 'left', 1: 'center', 2: 'right', 0x30: 'left', 0x31: 'center', 0x32: 'right' };

/** Result of trying one command at `buf[0]`: its length and events, or undefined when more bytes are needed. */
type Step = { readonly length: number; readonly events: EscPosEvent[] } | undefined;

/** Incremental ESC/POS parser; `push` returns the events the new bytes complete. */
export class EscPosParser {
  #buffer = new Uint8Array(0);
  #offset = 0; // stream offset of #buffer[0]

  /** Appends `chunk` and returns every event it completes; an incomplete command waits for the next chunk. */
  push(chunk: Uint8Array): EscPosEvent[] {
    const joined = new Uint8Array(this.#buffer.length + chunk.length);
    joined.set(this.#buffer);
    joined.set(chunk, this.#buffer.length);
    const events: EscPosEvent[] = [];
    let at = 0;
    while (at < joined.length) {
      const step = this.#step(joined.subarray(at), this.#offset + at);
      if (!step) break;
      events.push(...step.events);
      at += step.length;
    }
    this.#buffer = joined.slice(at);
    this.#offset += at;
    return events;
  }

  /** Ends the stream: a command left incomplete is reported as `ESCPOS_TRUNCATED`. */
  end(): EscPosEvent[] {
    if (this.#buffer.length === 0) return [];
    const bytes = this.#buffer;
    this.#buffer = new Uint8Array(0);
    const event: EscPosEvent = { kind: 'problem', code: 'ESCPOS_TRUNCATED', offset: this.#offset, bytes };
    this.#offset += bytes.length;
    return [event];
  }

  #step(b: Uint8Array, offset: number): Step {
    const first = b[0]!;
    if (first >= 0x20) {
      let end = 1;
      while (end < b.length && b[end]! >= 0x20) end++;
      return { length: end, events: [{ kind: 'text', bytes: b.slice(0, end) }] };
    }
    const one = (events: EscPosEvent[], length = 1): Step => ({ length, events });
    const need = (n: number): boolean => b.length >= n;
    const unknown = (length: number): Step => one([{ kind: 'problem', code: 'ESCPOS_UNKNOWN_COMMAND', offset, bytes: b.slice(0, length) }], length);
    const ignored = (length: number): Step => (need(length) ? one([{ kind: 'ignored', bytes: b.slice(0, length) }], length) : undefined);
    switch (first) {
      case 0x0a:
        return one([{ kind: 'line-feed' }]);
      case 0x0d:
      case 0x09:
      case 0x00:
        return ignored(1);
      case ESC: {
        if (!need(2)) return undefined;
        const c = b[1]!;
        if (c === 0x40) return one([{ kind: 'initialize' }], 2);
        if (!need(3) && [0x74, 0x61, 0x45, 0x64].includes(c)) return undefined;
        if (c === 0x74) return one([{ kind: 'code-page', n: b[2]! }], 3);
        if (c === 0x61) return one(ALIGN[b[2]!] ? [{ kind: 'align', align: ALIGN[b[2]!]! }] : [{ kind: 'ignored', bytes: b.slice(0, 3) }], 3);
        if (c === 0x45) return one([{ kind: 'bold', on: (b[2]! & 1) === 1 }], 3);
        if (c === 0x64) return one([{ kind: 'feed', lines: b[2]! }], 3);
        if (c === 0x69 || c === 0x6d) return one([{ kind: 'cut' }], 2);
        if (c === 0x2a) {
          // ESC * m nL nH d1…dk: k = n (8-dot modes m 0, 1) or 3n (24-dot modes m 32, 33).
          if (!need(5)) return undefined;
          const n = b[3]! | (b[4]! << 8);
          return ignored(5 + (b[2]! >= 32 ? 3 * n : n));
        }
        const fixed = ESC_FIXED[c];
        return fixed === undefined ? unknown(2) : ignored(2 + fixed);
      }
      case GS: {
        if (!need(2)) return undefined;
        const c = b[1]!;
        if (c === 0x21) return need(3) ? one([{ kind: 'size', width: (b[2]! >> 4) + 1, height: (b[2]! & 0x0f) + 1 }], 3) : undefined;
        if (c === 0x56) {
          if (!need(3)) return undefined;
          const m = b[2]!;
          if (m === 0 || m === 1 || m === 0x30 || m === 0x31) return one([{ kind: 'cut' }], 3);
          if (m >= 65 && m <= 68) return need(4) ? one([{ kind: 'cut' }], 4) : undefined;
          return unknown(3);
        }
        if (c === 0x76) return this.#raster(b, offset);
        if (c === 0x6b) {
          // GS k m: m 0–6 data up to NUL; m 65–79 n then n bytes.
          if (!need(3)) return undefined;
          const m = b[2]!;
          if (m <= 6) {
            const nul = b.indexOf(0, 3);
            if (nul < 0) return b.length > 258 ? unknown(3) : undefined;
            return ignored(nul + 1);
          }
          return need(4) ? ignored(4 + b[3]!) : undefined;
        }
        if (c === 0x28) return need(5) ? ignored(5 + (b[3]! | (b[4]! << 8))) : undefined;
        const fixed = GS_FIXED[c];
        return fixed === undefined ? unknown(2) : ignored(2 + fixed);
      }
      case DLE: {
        if (!need(2)) return undefined;
        const c = b[1]!;
        if (c === 0x04) return need(3) ? one([{ kind: 'status-query', n: b[2]! }], 3) : undefined;
        if (c === 0x05) return ignored(3);
        if (c === 0x14) return ignored(5);
        return unknown(2);
      }
      case FS: {
        if (!need(2)) return undefined;
        return b[1] === 0x2e || b[1] === 0x26 ? ignored(2) : unknown(2);
      }
      default:
        return unknown(1);
    }
  }

  #raster(b: Uint8Array, offset: number): Step {
    // GS v 0 m xL xH yL yH d1…dk, k = (xL + xH·256)·(yL + yH·256).
    if (b.length < 8) return undefined;
    const widthBytes = b[4]! | (b[5]! << 8);
    const height = b[6]! | (b[7]! << 8);
    const size = widthBytes * height;
    if (b[2] !== 0x30 && b[2] !== 0) return { length: 3, events: [{ kind: 'problem', code: 'ESCPOS_UNKNOWN_COMMAND', offset, bytes: b.slice(0, 3) }] };
    if (size === 0 || size > MAX_RASTER_BYTES) {
      return { length: 8, events: [{ kind: 'problem', code: 'ESCPOS_MALFORMED_COMMAND', offset, bytes: b.slice(0, 8) }] };
    }
    if (b.length < 8 + size) return undefined;
    return { length: 8 + size, events: [{ kind: 'raster', image: { widthBytes, height, data: b.slice(8, 8 + size) } }] };
  }
}
