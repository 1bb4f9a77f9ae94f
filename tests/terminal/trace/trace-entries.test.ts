import * as assert from 'uvu/assert';
import { suite } from '../../support/suite.ts';
import { readRecording } from '../../../terminal/hal/record/read-recording.ts';
import { traceEntries } from '../../../terminal/trace/trace-entries.ts';
import { DEMO_PIN, demoRecordingBytes } from '../hal/record/demo-session.ts';

const test = suite('terminal/trace/trace-entries');

const hex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ''), 'hex'));

test('one entry per record: exchanges with fields, notes for the rest', async () => {
  const entries = traceEntries(readRecording(await demoRecordingBytes({ redact: false })));
  assert.is(entries.length, 15);
  assert.equal(entries.map((e) => e.kind === 'exchange').filter(Boolean).length, 6);
  const verify = entries[10]!;
  assert.equal(verify, {
    kind: 'exchange',
    step: 11,
    conn: 1,
    at: 18000,
    dur: 1000,
    command: { name: 'VERIFY', cla: 0, ins: 0x20, p1: 0, p2: 0x80, lc: 8, hex: '00 20 00 80 08 <redacted: PIN block, 8 bytes>', data: ['<redacted: PIN block, 8 bytes>'] },
    response: { hex: '90 00', data: [], sw: '9000', swMeaning: 'Normal processing: no further qualification', swCategory: 'normal' },
  });
  assert.not.ok(JSON.stringify(entries).includes(DEMO_PIN));
  assert.equal(entries[5], { kind: 'note', step: 6, at: 8000, dur: 1000, text: 'connect to Kart Sim Reader 0 as connection 1: T1, ATR 3B 8A 80 B1 FE 45 1F 03 80 73 C6 01 5F 54 4B 41 52 54 2F' });
});

test('live exchanges are redacted by the rules, errors included', () => {
  const [entry] = traceEntries([
    { capdu: hex('00 24 00 80 10 24 12 34 FF FF FF FF FF 24 56 78 FF FF FF FF FF'), error: { code: 'HAL_CARD_IO', message: 'no answer to 0024008010241234FFFFFFFFFF245678 (24 12 34 FF) for 29005170301234 after 3 tries' } },
  ]);
  assert.is(entry?.kind, 'exchange');
  if (entry?.kind !== 'exchange') return;
  assert.is(entry.command.name, 'CHANGE REFERENCE DATA');
  assert.equal(entry.command.data, ['<redacted: PIN block, 16 bytes>']);
  assert.is(entry.response, undefined);
  assert.is(entry.error?.code, 'HAL_CARD_IO');
  assert.is(entry.error?.message, 'no answer to <hex> (<hex>) for <redacted: national ID, 14 digits> after 3 tries');
});

test('a command that is no APDU is said so', () => {
  const [entry] = traceEntries([{ capdu: hex('00 A4 04'), rapdu: hex('6700') }]);
  assert.equal(entry?.kind === 'exchange' && entry.command.data, ['<not a command APDU, 3 bytes>']);
  assert.equal(entry?.kind === 'exchange' && entry.response?.sw, '6700');
});

test.run();
