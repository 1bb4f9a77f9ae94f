/**
 * `kart demo` end to end as `npm start` runs it: one run on the in-process bench (with every trace and a recording)
 * checked for the story's outcomes (the receipt's Arabic, the decline's code and messages, the ledger's
 * acknowledgement) and for what must never show (the PIN block, fingerprint data, the members' national IDs);
 * the recording read back by `kart trace`; the same on the real PC/SC stack when it is installed.
 */
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { benchHousehold } from '../../../../sdk/bench/bench-household.ts';
import { suite } from '../../../support/suite.ts';
import { realStackStatus } from '../../../support/real-stack.ts';
import { skipSuite } from '../../../support/skip.ts';

// The embedded ledger's PGlite runs initdb at start: seconds, many more on a loaded machine.
const test = suite('sdk/cli/commands/demo', { timeoutMs: 150_000 });
const root = resolve(import.meta.dirname, '../../../..');
/** The demo household's PIN 1234 as a plaintext PIN block, and an ISO/IEC 19794-2 record's magic "FMR\0". */
const PIN_BLOCK = Buffer.from('241234FFFFFFFFFF', 'hex');
const FMR = Buffer.from('464D5200', 'hex');

function kart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'sdk/cli/kart.js'), ...args], { cwd: root, timeout: 140_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function assertStory(stdout: string): void {
  // The receipt as the customer reads it, in Arabic and English.
  for (const text of ['مخبز النور', 'خبز مدعم 10 رغيف', 'تمت الموافقة', 'تم التحقق بالبصمة', 'تم التحقق بالرقم السري', 'Subsidized bread 10 loaves']) assert.match(stdout, text);
  assert.match(stdout, /APPROVED: 10 loaves, EGP 2\.00, by fingerprint/);
  assert.match(stdout, /fingerprint no-match → fingerprint no-match → fingerprint no-match → pin correct/);
  assert.match(stdout, /APPROVED: 10 loaves, EGP 2\.00, by PIN/);
  // The decline: its code, and its message in both languages.
  assert.match(stdout, 'DECLINED COLLECT_AHEAD_LIMIT');
  assert.match(stdout, 'الكمية تتجاوز الحد المسموح بصرفه مقدمًا');
  assert.match(stdout, 'The quantity exceeds what may be collected ahead');
  // The card payment: EMV with the finger matched on the card, durable before the line, the PAN masked.
  assert.match(stdout, /APPROVED: EGP 87\.50, online, ARC 00, TC \(card ATC 1\); CVM Results 48 03 02 \(finger, offline on the card: successful\); card 818888\*{6}\d{4}; journal seq 6 \(fdatasync'd before this line\)/);
  assert.match(stdout, 'card payments: 1 approved, EGP 87.50');
  // Its trace: EMV names, the enciphered finger only as a marker, the PAN in full nowhere but the card's own records.
  assert.match(stdout, 'GET PROCESSING OPTIONS');
  assert.match(stdout, 'Signed Dynamic Application Data');
  assert.match(stdout, 'BF4C Biometric Try Counters Template');
  assert.match(stdout, /VERIFY {2}CLA [01]0 INS 20 P1 00 P2 89 Lc \d+\n {9}<redacted: biometric data \(enciphered\), \d+ bytes>/);
  assert.not.match(stdout, /VERIFY {2}CLA [01]0 INS 20 P1 00 P2 89 Lc \d+\n {9}[0-9A-F]{2} /, 'VERIFY data in clear');
  // The ledger's acknowledgement of everything in the journal.
  assert.match(stdout, /accepted, stored up to seq 6, durable: false/);
  assert.match(stdout, 'durable: false: the embedded ledger keeps its rows in PGlite in memory');
  assert.match(stdout, 'loaves sold: 20 in 2 sale(s)');
  assert.match(stdout, 'declines: 1 (COLLECT_AHEAD_LIMIT)');
  // The first sale's trace, with KARTGOV's names and the probe redacted.
  assert.match(stdout, 'DEBIT ENTITLEMENT');
  assert.match(stdout, 'DF34 Quantity (loaves or visits) [4] 0000000A');
  assert.match(stdout, '<redacted: biometric data, ');
  assert.not.match(stdout, /46 ?4D ?52 ?00/i, 'a fingerprint record in the output');
  // Who the customers are is on the card, not in the output.
  for (const m of benchHousehold({ number: 1 }).members) assert.not.ok(stdout.includes(m.nationalId), `national ID of the ${m.role} printed`);
}

test('kart demo --trace --record: the bakery story, every trace redacted, the recording read back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kart-demo-'));
  try {
    const file = join(dir, 'demo.cbor');
    const { code, stdout, stderr } = await kart(['demo', '--no-color', '--trace', '--record', file]);
    assert.is(code, 0, `${stderr}\n${stdout.slice(-2000)}`);
    assert.match(stdout, 'in-process reader');
    assertStory(stdout);
    // With --trace the PIN sale's trace is there too: its PIN block only as a marker.
    assert.match(stdout, '<redacted: PIN block, 8 bytes>');
    assert.not.match(stdout, /24 ?12 ?34 ?FF/i);
    assert.not.match(stdout, '\u001b[', 'no colour with --no-color');
    const recording = readFileSync(file);
    assert.is(recording.indexOf(PIN_BLOCK), -1, 'the PIN block is in the recording');
    assert.is(recording.indexOf(FMR), -1, 'a fingerprint record is in the recording');
    const trace = await kart(['trace', file, '--no-color']);
    assert.is(trace.code, 0, trace.stderr);
    assert.match(trace.stdout, '<redacted: PIN block');
    assert.match(trace.stdout, /P2 89 Lc \d+\n {6}<redacted: biometric data \(enciphered\)/, 'the payment\'s VERIFY recorded redacted');
    assert.match(trace.stdout, 'Kart Sim Reader 0');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('kart demo without --trace prints the first sale\'s trace only', async () => {
  const { code, stdout, stderr } = await kart(['demo', '--no-color']);
  assert.is(code, 0, stderr);
  assertStory(stdout);
  assert.is(stdout.split('DEBIT ENTITLEMENT').length - 1, 1, 'one DEBIT in the output');
  assert.not.match(stdout, '<redacted: PIN block');
});

test('kart demo with an unknown option exits 2', async () => {
  const { code, stderr } = await kart(['demo', '--bogus']);
  assert.is(code, 2);
  assert.match(stderr, 'kart demo');
});

const real = realStackStatus();
if (real.ok || !skipSuite('sdk/cli/commands/demo (real stack)', real)) {
  test('kart demo --real: the same story through pcsclite, a private pcscd and vpcd', async () => {
    const { code, stdout, stderr } = await kart(['demo', '--real', '--no-color']);
    assert.is(code, 0, `${stderr}\n${stdout.slice(-2000)}`);
    assert.match(stdout, 'private pcscd');
    assert.match(stdout, 'Virtual PCD');
    assertStory(stdout);
  });
}

test.run();
