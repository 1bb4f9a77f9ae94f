/**
 * A card session on the in-process reader with the demo card, recorded: the shared helper of the recording,
 * replay, trace and `kart trace` suites, and the generator of `tests/fixtures/recordings/demo-session.cbor`:
 *
 *   node --import tsx tests/terminal/hal/record/demo-session.ts --write
 *
 * The clock is fake (1 ms per reading) and the date fixed, so the same code writes the same bytes; a suite checks
 * that the fixture is still what this code writes.
 */
import { fileURLToPath } from 'node:url';
import { writeFileSync } from 'node:fs';
import { createDemoCard } from '../../../../card/demo-card.ts';
import { DEMO_AID } from '../../../../card/demo-applet.ts';
import type { CardReader } from '../../../../terminal/hal/card-reader.ts';
import { createSimCardReader } from '../../../../terminal/hal/sim/sim-card-reader.ts';
import { recordCardReader, type RecordOptions } from '../../../../terminal/hal/record/recording-card-reader.ts';

export const DEMO_READER = 'Kart Sim Reader 0';
/** The demo card's PIN in this session: 6 digits, so its BCD bytes 48 26 93 are unlikely to occur by chance. */
export const DEMO_PIN = '482693';
/** The plaintext PIN block of `DEMO_PIN` (EMV 4.4 Book 3, 6.5.12: control 2, length 6, digits, F filler). */
export const DEMO_PIN_BLOCK = Uint8Array.of(0x26, 0x48, 0x26, 0x93, 0xff, 0xff, 0xff, 0xff);
export const DEMO_CARDHOLDER = 'KART/DEMO';

/** The command APDUs of the session, in order. */
export const DEMO_COMMANDS: readonly Uint8Array[] = [
  Uint8Array.of(0x00, 0xa4, 0x04, 0x00, DEMO_AID.length, ...DEMO_AID, 0x00), // SELECT by name
  Uint8Array.of(0x80, 0xca, 0x9f, 0x36, 0x00), // GET DATA ATC
  Uint8Array.of(0x00, 0xb2, 0x01, 0x0c, 0x00), // READ RECORD 1, SFI 1
  Uint8Array.of(0x00, 0xb2, 0x02, 0x0c, 0x00), // READ RECORD 2, SFI 1
  Uint8Array.of(0x00, 0x20, 0x00, 0x80, 0x08, ...DEMO_PIN_BLOCK), // VERIFY plaintext PIN
  Uint8Array.of(0x80, 0xca, 0x9f, 0x17, 0x00), // GET DATA PIN try counter
];

/** A fresh sim reader with the demo card (PIN `DEMO_PIN`) inserted. */
export function demoReader(): CardReader {
  const reader = createSimCardReader({ readers: [DEMO_READER] });
  reader.insertCard(DEMO_READER, createDemoCard({ pin: DEMO_PIN, cardholderName: DEMO_CARDHOLDER, protocol: 'T=1' }));
  return reader;
}

/** Runs the session on `reader` and returns the responses, in order; closes the reader. */
export async function runDemoSession(reader: CardReader, commands = DEMO_COMMANDS): Promise<Uint8Array[]> {
  const events: string[] = [];
  const unsubscribe = reader.onEvent((event) => events.push(event.type));
  const [name] = await reader.listReaders();
  await reader.waitForCard(name!);
  const connection = await reader.connect(name!, { protocols: ['T1'] });
  const responses: Uint8Array[] = [];
  for (const capdu of commands) responses.push(await connection.transmit(capdu));
  await connection.disconnect('reset');
  unsubscribe();
  await reader.close();
  return responses;
}

/** A deterministic clock: each reading is 1 ms after the last. */
export function steppingClock(): () => number {
  let t = 0;
  return () => t++;
}

/** Records the demo session to `target`; returns the responses the card gave. */
export function recordDemoSession(target: string | { write(chunk: Uint8Array): unknown }, options: RecordOptions = {}): Promise<Uint8Array[]> {
  const reader = recordCardReader(demoReader(), target, {
    source: 'sim: demo card',
    clock: steppingClock(),
    created: new Date('2026-01-01T08:00:00Z'),
    ...options,
  });
  return runDemoSession(reader);
}

/** The demo session's recording file, as bytes. */
export async function demoRecordingBytes(options: RecordOptions = {}): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  await recordDemoSession({ write: (chunk) => chunks.push(chunk) }, options);
  return Uint8Array.from(chunks.flatMap((c) => [...c]));
}

export const DEMO_FIXTURE = fileURLToPath(new URL('../../../fixtures/recordings/demo-session.cbor', import.meta.url));

if (process.argv[1] === fileURLToPath(import.meta.url) && process.argv.includes('--write')) {
  writeFileSync(DEMO_FIXTURE, await demoRecordingBytes());
  process.stdout.write(`wrote ${DEMO_FIXTURE}\n`);
}
