/**
 * The vpcd wire format (vsmartcard's virtual PCD driver for pcscd): every message is a 2-byte big-endian length
 * then that many bytes. A 1-byte payload is a control (power off, power on, reset, get ATR); a longer one is a
 * command APDU (from vpcd) or a response APDU (to vpcd). vpcd writes the length and the body in separate TCP
 * sends, so the reader side must buffer partial frames: this parser takes the stream chunk by chunk.
 */

/** Control bytes vpcd sends (vsmartcard `vpcd.h`: VPCD_CTRL_OFF, _ON, _RESET, _ATR). */
export const VPCD_CONTROL = { powerOff: 0, powerOn: 1, reset: 2, getAtr: 4 } as const;

export type VpcdControl = 'power-off' | 'power-on' | 'reset' | 'get-atr';

/** The largest payload the 2-byte length can announce. */
export const VPCD_MAX_PAYLOAD = 0xffff;

/** Why a frame was refused. `empty` and `oversize` leave the stream untrustworthy; `unknown-control` does not. */
export type VpcdMalformedReason = 'empty' | 'oversize' | 'unknown-control';

export type VpcdFrame =
  | { readonly type: 'control'; readonly control: VpcdControl }
  | { readonly type: 'apdu'; readonly apdu: Uint8Array }
  | {
      readonly type: 'malformed';
      readonly reason: VpcdMalformedReason;
      readonly detail: string;
      /** When true the stream is out of step: the parser stops, the connection must be dropped. */
      readonly fatal: boolean;
    };

const CONTROLS: Record<number, VpcdControl> = {
  [VPCD_CONTROL.powerOff]: 'power-off',
  [VPCD_CONTROL.powerOn]: 'power-on',
  [VPCD_CONTROL.reset]: 'reset',
  [VPCD_CONTROL.getAtr]: 'get-atr',
};

/**
 * Splits a vpcd byte stream into frames. Feed each received chunk to `push`; it returns the frames completed so
 * far (possibly none, possibly several). After a fatal `malformed` frame the parser is spent: every later `push`
 * returns nothing until `reset()`.
 */
export class VpcdFrameParser {
  private pending: Uint8Array = new Uint8Array(0);
  private spent = false;

  /** @param maxPayload longest command APDU accepted (default and ceiling {@link VPCD_MAX_PAYLOAD}). */
  constructor(private readonly maxPayload: number = VPCD_MAX_PAYLOAD) {}

  /** Bytes received but not yet forming a whole frame. */
  get buffered(): number {
    return this.pending.length;
  }

  push(chunk: Uint8Array): VpcdFrame[] {
    if (this.spent) return [];
    this.pending = this.pending.length === 0 ? chunk : concat(this.pending, chunk);
    const frames: VpcdFrame[] = [];
    let at = 0;
    while (this.pending.length - at >= 2) {
      const length = (this.pending[at]! << 8) | this.pending[at + 1]!;
      if (length === 0 || length > this.maxPayload) {
        frames.push({
          type: 'malformed',
          reason: length === 0 ? 'empty' : 'oversize',
          detail: length === 0 ? 'zero-length frame' : `frame of ${length} bytes exceeds ${this.maxPayload}`,
          fatal: true,
        });
        this.spent = true;
        this.pending = new Uint8Array(0);
        return frames;
      }
      if (this.pending.length - at - 2 < length) break;
      const payload = this.pending.slice(at + 2, at + 2 + length);
      at += 2 + length;
      if (length > 1) {
        frames.push({ type: 'apdu', apdu: payload });
        continue;
      }
      const control = CONTROLS[payload[0]!];
      frames.push(
        control
          ? { type: 'control', control }
          : { type: 'malformed', reason: 'unknown-control', detail: `control byte ${hex(payload[0]!)}`, fatal: false },
      );
    }
    this.pending = this.pending.slice(at);
    return frames;
  }

  /** Forgets buffered bytes and a fatal fault, for a new connection. */
  reset(): void {
    this.pending = new Uint8Array(0);
    this.spent = false;
  }
}

/** Prefixes `payload` with its 2-byte big-endian length, in one buffer (one TCP send). */
export function encodeVpcdFrame(payload: Uint8Array): Uint8Array {
  if (payload.length > VPCD_MAX_PAYLOAD) throw new RangeError(`vpcd payload of ${payload.length} bytes is too long`);
  const frame = new Uint8Array(2 + payload.length);
  frame[0] = payload.length >> 8;
  frame[1] = payload.length & 0xff;
  frame.set(payload, 2);
  return frame;
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

const hex = (b: number): string => b.toString(16).padStart(2, '0').toUpperCase();
