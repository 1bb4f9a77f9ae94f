import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { suite } from '../../../support/suite.ts';
import { realStackStatus } from '../../../support/real-stack.ts';
import { skipSuite } from '../../../support/skip.ts';

const test = suite('sdk/cli/commands/card-check', { timeoutMs: 60_000 });
const root = resolve(import.meta.dirname, '../../../..');
const PIN_BLOCK = Buffer.from('241234FFFFFFFFFF', 'hex');

function kart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'sdk/cli/kart.js'), ...args], { cwd: root, timeout: 50_000 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

function assertReadableTrace(stdout: string): void {
  assert.match(stdout, 'SELECT');
  assert.match(stdout, 'Application Label');
  assert.match(stdout, 'Cardholder Name');
  assert.match(stdout, '9000  Normal processing');
  assert.match(stdout, '<redacted: PIN block, 8 bytes>');
  assert.not.match(stdout, /24 ?12 ?34 ?FF/i);
  assert.match(stdout, 'CARD_CHECKED');
  assert.match(stdout, 'حامل البطاقة');
}

test('kart card check runs a card session on the in-process bench and prints a redacted, readable trace', async () => {
  const { code, stdout, stderr } = await kart(['card', 'check', '--no-color']);
  assert.is(code, 0, stderr);
  assert.match(stdout, 'in-process reader');
  assertReadableTrace(stdout);
});

test('kart card check --record writes a recording without the PIN block that kart trace reads back', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kart-card-check-'));
  try {
    const file = join(dir, 'session.cbor');
    const run = await kart(['card', 'check', '--no-color', '--record', file]);
    assert.is(run.code, 0, run.stderr);
    assert.is(readFileSync(file).indexOf(PIN_BLOCK), -1, 'the PIN block is in the recording');
    const trace = await kart(['trace', file, '--no-color']);
    assert.is(trace.code, 0, trace.stderr);
    assert.match(trace.stdout, 'Application Label');
    assert.match(trace.stdout, '<redacted: PIN block');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a wrong PIN exits 1 with PIN_WRONG', async () => {
  const { code, stdout } = await kart(['card', 'check', '--no-color', '--pin', '9999']);
  assert.is(code, 1);
  assert.match(stdout, 'PIN_WRONG');
});

const real = realStackStatus();
if (real.ok || !skipSuite('sdk/cli/commands/card-check (real stack)', real)) {
  test('kart card check --real runs the same session through pcsclite, a private pcscd and vpcd', async () => {
    const { code, stdout, stderr } = await kart(['card', 'check', '--real', '--no-color']);
    assert.is(code, 0, stderr);
    assert.match(stdout, 'private pcscd');
    assert.match(stdout, 'Virtual PCD');
    assertReadableTrace(stdout);
  });
}

test.run();
