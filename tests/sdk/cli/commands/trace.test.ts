import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as assert from 'uvu/assert';
import { suite } from '../../../support/suite.ts';
import { DEMO_FIXTURE, DEMO_PIN } from '../../../terminal/hal/record/demo-session.ts';

const test = suite('sdk/cli/commands/trace');

const root = resolve(import.meta.dirname, '../../../..');

/** Runs `node sdk/cli/kart.js ...args` as a child process. */
function kart(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'sdk/cli/kart.js'), ...args], { cwd: root, env: { ...process.env, NO_COLOR: '' } }, (error, stdout, stderr) => {
      done({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

let dir = '';
test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'kart-trace-'));
});
test.after(() => rmSync(dir, { recursive: true, force: true }));

test('kart trace FILE prints the trace, without colour when not a terminal', async () => {
  const { code, stdout, stderr } = await kart('trace', DEMO_FIXTURE);
  assert.is(stderr, '');
  assert.is(code, 0);
  for (const expected of ['→ SELECT', 'Application Label', 'Cardholder Name', '← 9000  Normal processing', '<redacted: PIN block, 8 bytes>']) {
    assert.ok(stdout.includes(expected), `missing ${expected}`);
  }
  assert.not.ok(stdout.includes('\u001b['));
  assert.not.ok(stdout.includes(DEMO_PIN));
});

test('kart trace --json FILE prints the entries as JSON', async () => {
  const { code, stdout } = await kart('trace', '--json', '--no-color', DEMO_FIXTURE);
  assert.is(code, 0);
  const parsed = JSON.parse(stdout) as { header: { redacted: boolean }; entries: { kind: string; command?: { name: string } }[] };
  assert.is(parsed.header.redacted, true);
  assert.equal(parsed.entries.flatMap((e) => (e.command ? [e.command.name] : [])), ['SELECT', 'GET DATA', 'READ RECORD', 'READ RECORD', 'VERIFY', 'GET DATA']);
});

test('a file that is not a recording exits 1 with the error code; no file exits 2', async () => {
  const bad = join(dir, 'bad.cbor');
  writeFileSync(bad, 'not a recording');
  const malformed = await kart('trace', bad);
  assert.is(malformed.code, 1);
  assert.match(malformed.stderr, 'kart trace: HAL_RECORDING_MALFORMED');
  const usage = await kart('trace');
  assert.is(usage.code, 2);
  assert.match(usage.stderr, 'usage: kart trace FILE');
});

test.run();
