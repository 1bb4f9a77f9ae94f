/**
 * The serialport boundary: the part of a `SerialPortStream` (node-serialport 13) that the UART drivers use, so
 * that a real `SerialPort`, a `SerialPortMock` (@serialport/binding-mock) or any stream with this surface can be
 * handed to a driver; and opening a real port by path, with serialport loaded on first use.
 */
import { HalError } from '../errors.ts';

/** What a UART driver needs from an open serial port. */
export interface SerialStream {
  readonly isOpen: boolean;
  write(data: Buffer, callback?: (error: Error | null | undefined) => void): boolean;
  /** `data` chunks; `close` (with a disconnect error when unplugged); `error`. */
  on(event: 'data', listener: (chunk: Buffer) => void): unknown;
  on(event: 'close', listener: (error?: (Error & { disconnected?: boolean }) | null) => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  removeListener(event: 'data' | 'close' | 'error', listener: (...args: never[]) => void): unknown;
  close(callback?: (error?: Error | null) => void): void;
}

/**
 * Opens the serial port at `path` with the real binding (8N1, no flow control: modem lines are not relied on).
 * `HAL_SERIAL_UNAVAILABLE` when serialport cannot load, `HAL_NO_DEVICE` when the port cannot be opened.
 */
export async function openSerialPort(path: string, baudRate: number): Promise<SerialStream> {
  let SerialPort: typeof import('serialport').SerialPort;
  try {
    ({ SerialPort } = await import('serialport'));
  } catch (error) {
    throw new HalError('HAL_SERIAL_UNAVAILABLE', `serialport cannot be loaded: ${(error as Error).message}`, { cause: error });
  }
  return new Promise((resolve, reject) => {
    const port = new SerialPort({ path, baudRate, dataBits: 8, stopBits: 1, parity: 'none', rtscts: false }, (error) => {
      if (error) reject(new HalError('HAL_NO_DEVICE', `cannot open serial port ${path}: ${error.message}`, { cause: error }));
      else resolve(port as unknown as SerialStream);
    });
  });
}

/** Writes and waits for the write to be handed to the port; a failure is `HAL_DISCONNECTED`. */
export function writeSerial(port: SerialStream, bytes: Uint8Array, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!port.isOpen) {
      reject(new HalError('HAL_DISCONNECTED', `${what}: the serial port is closed`));
      return;
    }
    port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), (error) => {
      if (error) reject(new HalError('HAL_DISCONNECTED', `${what}: serial write failed: ${error.message}`, { cause: error }));
      else resolve();
    });
  });
}
