/**
 * A simulated R30x / AS608 module: the far end of a serial line. Takes command packets, answers as the user
 * manuals describe (acknowledgement with a confirmation code, data packets after UpChar's acknowledgement), with
 * captures following a `SimFingerScript` and line faults injected one at a time. Transport-free: `receive` takes
 * bytes, `onSend` gets bytes; `attach` wires it to a serial port (a pseudo-terminal's far end, a mock port).
 *
 * Sensor model: each GenImg with no finger event in progress takes the script's next event. A `no-finger` event
 * answers that one GenImg with 02; a finger placed `afterMs` later answers 02 until then, then 00 (it stays on the
 * sensor, so a repeated GenImg sees it again, until Img2Tz); a `rejected` finger images fine but Img2Tz answers 06 or 07; a `sensor-fault` answers 0x1D.
 */
import { R30X_CONFIRM as C, R30X_INSTRUCTION as I, R30X_PACKET_SIZES } from '../uart/r30x-codes.ts';
import { encodeR30xPacket, R30X_DEFAULT_ADDRESS, R30X_PID, R30xPacketParser } from '../uart/r30x-packet.ts';
import type { SerialStream } from '../uart/serial-stream.ts';
import { SimFingerScript, type SimFingerEvent } from './sim-finger-script.ts';
import { syntheticVendorTemplate, type SimFinger } from './synthetic-finger-capture.ts';

/** Line faults, each applied once to the next reply. */
export type SimR30xFault =
  | 'garbage-before-reply'
  | 'corrupt-reply'
  | 'corrupt-reply-twice'
  | 'packet-error'
  | 'silent'
  | 'wrong-packet-id';

export interface SimR30xModuleOptions {
  readonly script?: SimFingerScript;
  readonly address?: number;
  /** Data packet size code 0..3 (32, 64, 128, 256 bytes); default 2 (128). */
  readonly packetSizeCode?: 0 | 1 | 2 | 3;
}

/** Confirmation the simulated sensor gives for a sensor fault ("failed to operate the communication port"). */
export const SIM_SENSOR_FAULT_CONFIRM = 0x1d;

export class SimR30xModule {
  readonly script: SimFingerScript;
  /** Instruction codes received, in order (for tests). */
  readonly received: number[] = [];
  /** Where the module's bytes go; set by `attach` or by the caller. */
  onSend: (bytes: Uint8Array) => void = () => {};
  private readonly parser = new R30xPacketParser();
  private readonly address: number;
  private readonly packetSize: number;
  private readonly packetSizeCode: number;
  private faults: SimR30xFault[] = [];
  private current: { event: SimFingerEvent; placedAt: number } | undefined;
  private image: { finger?: SimFinger; rejection?: number } | undefined;
  private charBuffer: Uint8Array | undefined;

  constructor(options: SimR30xModuleOptions = {}) {
    this.script = options.script ?? new SimFingerScript();
    this.address = options.address ?? R30X_DEFAULT_ADDRESS;
    this.packetSizeCode = options.packetSizeCode ?? 2;
    this.packetSize = R30X_PACKET_SIZES[this.packetSizeCode]!;
  }

  /** Queues a line fault for the next reply. */
  inject(fault: SimR30xFault): void {
    this.faults.push(fault);
  }

  /** Wires the module to a serial port; returns the function that unwires it. */
  attach(port: SerialStream): () => void {
    const onData = (chunk: Buffer): void => this.receive(chunk);
    port.on('data', onData);
    this.onSend = (bytes) => {
      if (port.isOpen) port.write(Buffer.from(bytes), () => {});
    };
    return () => port.removeListener('data', onData);
  }

  /** Bytes from the host. */
  receive(bytes: Uint8Array): void {
    for (const packet of this.parser.push(bytes).packets) {
      if (packet.pid !== R30X_PID.COMMAND || packet.address !== this.address || packet.contents.length === 0) continue;
      this.received.push(packet.contents[0]!);
      this.execute(packet.contents);
    }
  }

  private execute(contents: Uint8Array): void {
    const fault = this.faults.shift();
    if (fault === 'silent') return;
    if (fault === 'packet-error') return this.reply(fault, C.PACKET_ERROR);
    switch (contents[0]) {
      case I.READ_SYS_PARA: {
        const a = this.address;
        // Status register, system identifier 0x0009, library 1000, security level 3, address, packet size, baud 57600 (N=6).
        const params = [0, 0, 0, 9, 0x03, 0xe8, 0, 3, a >>> 24, (a >> 16) & 0xff, (a >> 8) & 0xff, a & 0xff, 0, this.packetSizeCode, 0, 6];
        return this.reply(fault, C.OK, params);
      }
      case I.GEN_IMG:
        return this.reply(fault, this.genImg());
      case I.IMG_2_TZ: {
        this.current = undefined; // the host has moved on: the finger is lifted
        if (!this.image) return this.reply(fault, C.NO_VALID_IMAGE);
        if (this.image.rejection !== undefined) return this.reply(fault, this.image.rejection);
        this.charBuffer = syntheticVendorTemplate(this.image.finger!);
        return this.reply(fault, C.OK);
      }
      case I.UP_CHAR: {
        if (!this.charBuffer) return this.reply(fault, C.UPLOAD_FAIL);
        this.reply(fault, C.OK);
        for (let at = 0; at < this.charBuffer.length; at += this.packetSize) {
          const last = at + this.packetSize >= this.charBuffer.length;
          this.onSend(encodeR30xPacket({ address: this.address, pid: last ? R30X_PID.END_DATA : R30X_PID.DATA, contents: this.charBuffer.slice(at, at + this.packetSize) }));
        }
        return;
      }
      default:
        return this.reply(fault, C.PACKET_ERROR);
    }
  }

  private genImg(): number {
    if (!this.current) this.current = { event: this.script.next(), placedAt: Date.now() };
    const { event, placedAt } = this.current;
    if (event.kind === 'no-finger') {
      this.current = undefined;
      return C.NO_FINGER;
    }
    if (event.kind === 'sensor-fault') {
      this.current = undefined;
      return SIM_SENSOR_FAULT_CONFIRM;
    }
    if (Date.now() < placedAt + (event.afterMs ?? 0)) return C.NO_FINGER;
    this.charBuffer = undefined;
    this.image = event.kind === 'finger'
      ? { finger: event.finger }
      : { rejection: event.reason === 'too-few-features' ? C.TOO_FEW_FEATURES : C.IMAGE_TOO_MESSY };
    return C.OK;
  }

  private reply(fault: SimR30xFault | undefined, confirm: number, params: readonly number[] = []): void {
    const pid = fault === 'wrong-packet-id' ? R30X_PID.DATA : R30X_PID.ACK;
    const packet = encodeR30xPacket({ address: this.address, pid, contents: Uint8Array.of(confirm, ...params) });
    if (fault === 'garbage-before-reply') this.onSend(Uint8Array.of(0x00, 0x55, 0xef, 0x02, 0x13, 0xff, 0xef, 0xef, 0x7e, 0x01));
    if (fault === 'corrupt-reply' || fault === 'corrupt-reply-twice') {
      packet[9] = packet[9]! ^ 0x5a; // the confirmation code: the checksum no longer matches
      if (fault === 'corrupt-reply-twice') this.faults.unshift('corrupt-reply');
    }
    this.onSend(packet);
  }
}

/** A fresh simulated module. */
export function createSimR30xModule(options: SimR30xModuleOptions = {}): SimR30xModule {
  return new SimR30xModule(options);
}
