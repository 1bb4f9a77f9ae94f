/**
 * Serves a virtual card to pcscd through vsmartcard's vpcd driver: vpcd listens on a TCP port per reader slot,
 * the card side connects to it and answers power controls and APDUs (framing in `vpcd-frame.ts`). The bridge
 * survives everything the other side or the card can do: a card fault answers or mutes the card, a malformed
 * frame drops the connection, and a vanished vpcd (pcscd killed or restarted) is reconnected with back-off.
 */
import { EventEmitter } from 'node:events';
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { commandName } from './command-name.ts';
import type { VirtualCard } from './virtual-card.ts';
import { VpcdFrameParser, encodeVpcdFrame, type VpcdControl, type VpcdMalformedReason } from './vpcd-frame.ts';

/** Where vpcd is: an address, one already connected socket (no reconnection), or a way to open a socket. */
export type VpcdEndpoint =
  | { readonly host: string; readonly port: number }
  | { readonly socket: net.Socket }
  | { readonly connect: () => Promise<net.Socket> };

export interface VpcdBridgeOptions {
  /** Reconnect when the connection ends (default true; impossible with a bare `socket` endpoint). */
  readonly reconnect?: boolean;
  /** First reconnection delay in milliseconds, doubled on each failure (default 25). */
  readonly retryInitialMs?: number;
  /** Longest reconnection delay in milliseconds (default 1000). */
  readonly retryMaxMs?: number;
  /** Longest command APDU accepted; a longer frame is malformed (default 65 535, the 2-byte length's ceiling). */
  readonly maxCommandLength?: number;
  /**
   * Transmission protocol pcscd will use with the card (default `T=1`: what pcsc-lite picks when a client accepts
   * both and the ATR offers both). vpcd relays no PPS, so after each power-on and reset the bridge tells the card
   * itself, when the card can switch (a card OS's `selectProtocol`): a T=0 card answers 61xx where T=1 gets data.
   */
  readonly protocol?: 'T=0' | 'T=1';
  /** Receives one line per connection, power and APDU event: command names and status words, never data. */
  readonly log?: (line: string) => void;
}

/** One command APDU and what came of it. `response` is absent when the card went mute (torn or unpowered). */
export interface VpcdApduEvent {
  readonly command: Uint8Array;
  readonly response?: Uint8Array;
  readonly sw?: number;
  readonly durationMs: number;
  /** `torn`/`unpowered`: the card went mute and the connection was dropped; `card-error`: answered 6F00. */
  readonly fault?: 'torn' | 'unpowered' | 'card-error';
  readonly error?: unknown;
}

/** A frame vpcd should never send. The code is the HAL's (`terminal/hal/errors.ts`). */
export interface VpcdMalformedEvent {
  readonly code: 'HAL_FRAME_MALFORMED';
  readonly reason: VpcdMalformedReason;
  readonly detail: string;
  /** Whether the connection was dropped (and will be reconnected) because of it. */
  readonly fatal: boolean;
}

export interface VpcdBridgeEvents {
  connected: [];
  disconnected: [{ readonly reason: string }];
  power: [{ readonly control: Exclude<VpcdControl, 'get-atr'> }];
  apdu: [VpcdApduEvent];
  malformed: [VpcdMalformedEvent];
}

/** A card being served to vpcd. Emits `connected`, `disconnected`, `power`, `apdu`, `malformed`; never `error`. */
export interface VpcdBridge extends EventEmitter<VpcdBridgeEvents> {
  /** Whether a connection to vpcd is open now. */
  readonly connected: boolean;
  /** Stops serving: no more reconnections; resolves when the socket is closed. */
  close(): Promise<void>;
}

const SW_6F00 = Uint8Array.of(0x6f, 0x00);

class VpcdBridgeImpl extends EventEmitter<VpcdBridgeEvents> implements VpcdBridge {
  private socket: net.Socket | undefined;
  private spareSocket: net.Socket | undefined;
  private closed = false;
  private retryMs: number;
  private timer: NodeJS.Timeout | undefined;
  private dropReason: string | undefined;
  private readonly parser: VpcdFrameParser;
  private readonly log: (line: string) => void;

  constructor(
    private readonly card: VirtualCard,
    private readonly endpoint: VpcdEndpoint,
    private readonly options: VpcdBridgeOptions,
  ) {
    super();
    this.retryMs = options.retryInitialMs ?? 25;
    this.parser = new VpcdFrameParser(options.maxCommandLength);
    this.log = options.log ?? (() => {});
    if ('socket' in endpoint) this.spareSocket = endpoint.socket;
    queueMicrotask(() => void this.attempt());
  }

  get connected(): boolean {
    return this.socket !== undefined;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.spareSocket?.destroy();
    const socket = this.socket;
    if (!socket) return;
    this.dropReason = 'closed';
    const gone = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.destroy();
    await gone;
  }

  private async open(): Promise<net.Socket> {
    const endpoint = this.endpoint;
    if ('connect' in endpoint) return endpoint.connect();
    if ('socket' in endpoint) {
      const socket = this.spareSocket;
      this.spareSocket = undefined;
      if (!socket || socket.destroyed) throw new Error('the given socket is closed and cannot be reopened');
      return socket;
    }
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: endpoint.host, port: endpoint.port });
      socket.once('connect', () => {
        socket.off('error', reject);
        resolve(socket);
      });
      socket.once('error', reject);
    });
  }

  private async attempt(): Promise<void> {
    if (this.closed) return;
    let socket: net.Socket;
    try {
      socket = await this.open();
    } catch (error) {
      this.retry(`connect failed: ${describe(error)}`);
      return;
    }
    if (this.closed) {
      socket.destroy();
      return;
    }
    this.attach(socket);
  }

  private retry(why: string): void {
    const canRetry = (this.options.reconnect ?? true) && !('socket' in this.endpoint);
    if (this.closed || !canRetry) {
      if (!this.closed) this.log(`vpcd: not reconnecting (${why})`);
      return;
    }
    const delay = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, this.options.retryMaxMs ?? 1000);
    this.timer = setTimeout(() => void this.attempt(), delay);
  }

  private attach(socket: net.Socket): void {
    socket.setNoDelay(true);
    this.parser.reset();
    this.dropReason = undefined;
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.onData(socket, chunk));
    socket.on('error', (error) => (this.dropReason ??= describe(error)));
    socket.on('close', () => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      const reason = this.dropReason ?? 'vpcd closed the connection';
      this.log(`vpcd: disconnected (${reason})`);
      this.emit('disconnected', { reason });
      this.retry(reason);
    });
    this.log('vpcd: connected');
    this.emit('connected');
  }

  private drop(socket: net.Socket, reason: string): void {
    this.dropReason = reason;
    socket.destroy();
  }

  private onData(socket: net.Socket, chunk: Buffer): void {
    for (const frame of this.parser.push(chunk)) {
      if (this.socket !== socket || socket.destroyed) return;
      // A well-formed frame shows the peer is sane: later reconnections start from the shortest delay again.
      if (frame.type !== 'malformed') this.retryMs = this.options.retryInitialMs ?? 25;
      if (frame.type === 'control') this.onControl(socket, frame.control);
      else if (frame.type === 'apdu') this.onApdu(socket, frame.apdu);
      else {
        const { reason, detail, fatal } = frame;
        this.log(`vpcd: HAL_FRAME_MALFORMED ${reason}: ${detail}${fatal ? ' (dropping the connection)' : ' (ignored)'}`);
        this.emit('malformed', { code: 'HAL_FRAME_MALFORMED', reason, detail, fatal });
        if (fatal) this.drop(socket, `malformed frame (${reason})`);
      }
    }
  }

  private onControl(socket: net.Socket, control: VpcdControl): void {
    try {
      if (control === 'get-atr') {
        // Polled by pcscd's presence check several times a second: answered, never logged.
        socket.write(encodeVpcdFrame(this.card.atr));
        return;
      }
      if (control === 'power-off') this.card.powerOff();
      else {
        if (control === 'power-on') this.card.powerOn();
        else this.card.reset();
        const card = this.card as Partial<{ selectProtocol(protocol: 'T=0' | 'T=1'): boolean }>;
        card.selectProtocol?.(this.options.protocol ?? 'T=1');
      }
    } catch (error) {
      this.log(`vpcd: ${control} failed in the card (${label(error)})`);
      return;
    }
    this.log(`vpcd: ${control}`);
    this.emit('power', { control });
  }

  private onApdu(socket: net.Socket, command: Uint8Array): void {
    const started = performance.now();
    const name = commandName(command);
    let response: Uint8Array;
    try {
      response = this.card.transmit(command);
    } catch (error) {
      const durationMs = performance.now() - started;
      const code = (error as { code?: unknown }).code;
      if (code === 'CARD_TORN' || code === 'CARD_UNPOWERED') {
        // A card without power says nothing: vpcd sees the connection end (card removed); reconnecting
        // re-inserts it unpowered, as pulling and re-inserting a real card would.
        const fault = code === 'CARD_TORN' ? 'torn' : 'unpowered';
        this.log(`vpcd: ${name} -> no answer (card ${fault})`);
        this.emit('apdu', { command, durationMs, fault, error });
        this.drop(socket, `card ${fault}`);
        return;
      }
      socket.write(encodeVpcdFrame(SW_6F00));
      this.log(`vpcd: ${name} -> 6F00 (card fault ${label(error)})`);
      this.emit('apdu', { command, response: SW_6F00, sw: 0x6f00, durationMs, fault: 'card-error', error });
      return;
    }
    const durationMs = performance.now() - started;
    if (response.length < 2 || response.length > 0xffff) {
      socket.write(encodeVpcdFrame(SW_6F00));
      this.log(`vpcd: ${name} -> 6F00 (card returned ${response.length} bytes)`);
      this.emit('apdu', { command, response: SW_6F00, sw: 0x6f00, durationMs, fault: 'card-error' });
      return;
    }
    socket.write(encodeVpcdFrame(response));
    const sw = (response[response.length - 2]! << 8) | response[response.length - 1]!;
    this.log(`vpcd: ${name} -> ${sw.toString(16).padStart(4, '0').toUpperCase()} (${durationMs.toFixed(2)} ms)`);
    this.emit('apdu', { command, response, sw, durationMs });
  }
}

/** A card fault's code or class name only: its message might quote command data. */
function label(error: unknown): string {
  const coded = error as { code?: unknown; name?: unknown };
  if (typeof coded?.code === 'string') return coded.code;
  return typeof coded?.name === 'string' ? coded.name : typeof error;
}

function describe(error: unknown): string {
  const coded = error as { code?: unknown; message?: unknown };
  const message = typeof coded?.message === 'string' ? coded.message : String(error);
  return typeof coded?.code === 'string' && !message.includes(coded.code) ? `${coded.code}: ${message}` : message;
}

/**
 * Starts serving `card` to vpcd at `endpoint` and returns at once; listen for `connected` to know when vpcd
 * has the card. The card is powered, reset and addressed only as vpcd asks.
 */
export function connectVpcd(card: VirtualCard, endpoint: VpcdEndpoint, options: VpcdBridgeOptions = {}): VpcdBridge {
  return new VpcdBridgeImpl(card, endpoint, options);
}
