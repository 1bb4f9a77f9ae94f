/**
 * SerialPrinter through the real serialport binding against SimPrinter on the other end of a socat pseudo-terminal
 * pair: a receipt printed and read back, status replies (paper out before and during a job, cover open), a printer
 * that does not answer, cancellation, and the cable pulled (socat killed) mid-job.
 */
import { SerialPort } from 'serialport';
import * as assert from 'uvu/assert';
import type { PrinterProfile } from '../../../../hardware-profiles/profile.ts';
import { HalError } from '../../../../terminal/hal/errors.ts';
import { SerialPrinter } from '../../../../terminal/hal/serial/serial-printer.ts';
import { SimPrinter } from '../../../../terminal/hal/sim/sim-printer.ts';
import { renderReceiptText } from '../../../../terminal/print/escpos/render-receipt-text.ts';
import { skipSuite } from '../../../support/skip.ts';
import { suite } from '../../../support/suite.ts';
import { BREAD_RECEIPT } from '../../print/escpos/sample-receipt.ts';
import { socatInstalled, startSocatPair, type SocatPair } from '../uart/socat-pair.ts';

const NAME = 'terminal/hal/serial/serial-printer (pty)';
const PROFILE: PrinterProfile = {
  kind: 'printer', id: 'test-printer', description: 'test', serial: { baudRate: 115_200 }, commandSet: 'escpos', columns: 32, arabicCodePage: 37,
};

/** The printer end of the cable: a serialport on pty B feeding a SimPrinter and sending its replies back. */
interface Device {
  sim: SimPrinter;
  received: number;
  onData?: (device: Device) => void;
  port: SerialPort;
}

async function openDevice(path: string): Promise<Device> {
  const port = new SerialPort({ path, baudRate: PROFILE.serial.baudRate, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const device: Device = { sim: new SimPrinter({ profile: PROFILE }), received: 0, port };
  // Byte by byte, so that a test's hook acts at an exact point of the stream whatever the read sizes.
  port.on('data', (chunk: Buffer) => {
    for (const b of chunk) {
      device.received++;
      device.onData?.(device);
      device.sim.receive(Uint8Array.of(b));
    }
  });
  port.on('error', () => undefined);
  return device;
}

function wire(device: Device): void {
  device.sim.onReply((reply) => void device.port.write(Buffer.from(reply)));
}

const codeOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (error) {
    assert.instance(error, HalError);
    return (error as HalError).code;
  }
  return 'resolved';
};

if (!socatInstalled()) {
  skipSuite(NAME, { reason: 'socat is not installed', fix: 'apt-get install -y socat', requiredInCi: true });
} else {
  const test = suite(NAME, { timeoutMs: 15_000 });
  let pair: SocatPair;
  let device: Device;
  let printer: SerialPrinter;

  test.before(async () => {
    pair = await startSocatPair();
    device = await openDevice(pair.b);
    printer = await SerialPrinter.open({ path: pair.a, profile: PROFILE, replyTimeoutMs: 500 });
  });
  test.after(async () => {
    await printer?.close();
    if (device?.port.isOpen) await new Promise((resolve) => device.port.close(resolve));
    await pair?.dispose();
  });
  test.before.each(() => {
    device.sim = new SimPrinter({ profile: PROFILE });
    device.onData = undefined;
    device.received = 0;
    wire(device);
  });

  test('a receipt goes over the line and the simulator reads back exactly what the customer should see', async () => {
    await printer.print(BREAD_RECEIPT);
    assert.equal(device.sim.receipts(), [renderReceiptText(BREAD_RECEIPT)]);
    assert.equal(device.sim.problems(), []);
    assert.equal(await printer.status(), { online: true, paperOut: false, paperNearEnd: false, coverOpen: false });
  });

  test('paper out answered to DLE EOT: HAL_PRINTER_PAPER_OUT before anything is printed', async () => {
    device.sim.set({ paperOut: true });
    assert.is(await codeOf(printer.print(BREAD_RECEIPT)), 'HAL_PRINTER_PAPER_OUT');
    assert.equal(device.sim.paper(), []);
    assert.equal(await printer.status(), { online: false, paperOut: true, paperNearEnd: true, coverOpen: false });
  });

  test('paper running out during the job: HAL_PRINTER_PAPER_OUT after it, the receipt is incomplete', async () => {
    device.onData = (d) => d.received > 100 && d.sim.set({ paperOut: true });
    assert.is(await codeOf(printer.print(BREAD_RECEIPT)), 'HAL_PRINTER_PAPER_OUT');
    assert.equal(device.sim.receipts(), []);
    assert.ok(device.sim.discardedBytes > 0);
  });

  test('cover open: HAL_PRINTER_COVER_OPEN', async () => {
    device.sim.set({ coverOpen: true });
    assert.is(await codeOf(printer.print(BREAD_RECEIPT)), 'HAL_PRINTER_COVER_OPEN');
  });

  test('a printer that does not answer status queries: HAL_DEVICE_UNRESPONSIVE, and the next job works again', async () => {
    device.sim = new SimPrinter({ profile: PROFILE }); // not wired: never replies
    assert.is(await codeOf(printer.status()), 'HAL_DEVICE_UNRESPONSIVE');
    device.sim = new SimPrinter({ profile: PROFILE });
    wire(device);
    await printer.print(new TextEncoder().encode('hello\n'));
    assert.is(device.sim.paper()[0]?.kind, 'line');
  });

  test('canceled mid-job: HAL_CANCELED, nothing cut', async () => {
    const controller = new AbortController();
    device.onData = (d) => d.received > 300 && controller.abort();
    const big = new TextEncoder().encode('0123456789012345678901234567890\n'.repeat(2000));
    assert.is(await codeOf(printer.print(big, { signal: controller.signal })), 'HAL_CANCELED');
    assert.equal(device.sim.receipts(), []);
    // Let the bytes already sent drain before the next test.
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  test('a port that does not exist: HAL_SERIAL_UNAVAILABLE', async () => {
    assert.is(await codeOf(SerialPrinter.open({ path: `${pair.a}-missing`, profile: PROFILE })), 'HAL_SERIAL_UNAVAILABLE');
  });

  test('the printer unplugged mid-job (socat killed): HAL_DISCONNECTED without hanging, then every call fails fast', async () => {
    const own = await startSocatPair();
    let far: Device | undefined;
    try {
      far = await openDevice(own.b);
      wire(far);
      far.port.on('close', () => undefined);
      const near = await SerialPrinter.open({ path: own.a, profile: PROFILE, replyTimeoutMs: 500 });
      far.onData = (d) => d.received > 1_000 && void own.stop();
      const big = new TextEncoder().encode('0123456789012345678901234567890\n'.repeat(4000));
      const started = Date.now();
      assert.is(await codeOf(near.print(big)), 'HAL_DISCONNECTED');
      assert.ok(Date.now() - started < 5_000);
      assert.is(await codeOf(near.status()), 'HAL_DISCONNECTED');
      await near.close();
    } finally {
      // The far end's port outlives its pty: left open, its poll loop spins on the hang-up and the process never exits.
      if (far?.port.isOpen) await new Promise((resolve) => far!.port.close(() => resolve(undefined)));
      await own.dispose();
    }
  });

  test.run();
}
