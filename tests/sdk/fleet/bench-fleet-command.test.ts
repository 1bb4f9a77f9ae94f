/** `kart bench fleet` as a child process: a quick fleet prints its table and verdict and exits 0; --json; bad args exit 2. */
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { suite } from '../../support/suite.ts';

// The embedded ledger's PGlite runs initdb at start: seconds, many more on a loaded machine.
const test = suite('sdk/fleet/bench-fleet-command', { timeoutMs: 150_000 });
const root = resolve(import.meta.dirname, '../../..');

function kart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'sdk/cli/kart.js'), ...args], { cwd: root, timeout: 140_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('--quick with every fault: the table, the faults, the flags, the verdict, exit 0', async () => {
  const { code, stdout, stderr } = await kart(['bench', 'fleet', '--quick', '--visits', '24', '--seed', '2']);
  assert.is(code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, 'Kart bench fleet: 3 terminal(s), 6 household(s), 24 visit(s), seed 2, faults: outage, power-cut, card-pulled, clock-drift, never-syncs');
  assert.match(stdout, /terminal +visits +approved +loaves +journal=ledger/);
  assert.is(stdout.match(/^ {2}00B4100[123] /gm)?.length, 3, stdout);
  assert.match(stdout, /fault outage \[00B4100\d\]: recovered/);
  assert.match(stdout, /fault clock-drift \[00B4100\d\]: recovered/);
  assert.match(stdout, /ledger flag CARD_DATE_AHEAD ×\d+: terminals 00B4100\d/);
  assert.match(stdout, 'the fleet RECONCILES');
});

test('--json: the summary as JSON', async () => {
  const { code, stdout } = await kart(['bench', 'fleet', '--terminals', '2', '--households', '3', '--visits', '8', '--faults', 'power-cut', '--json']);
  assert.is(code, 0, stdout);
  const s = JSON.parse(stdout) as { agree: boolean; terminals: unknown[]; faults: { kind: string }[]; reconciliation: { problems: string[] } };
  assert.ok(s.agree);
  assert.is(s.terminals.length, 2);
  assert.equal(s.reconciliation.problems, []);
  assert.ok(s.faults.every((f) => f.kind === 'power-cut'));
});

test('bad arguments exit 2', async () => {
  for (const args of [['--terminals', '0'], ['--faults', 'flood'], ['--terminals', '5', '--households', '2']]) {
    const { code, stderr } = await kart(['bench', 'fleet', ...args]);
    assert.is(code, 2, args.join(' '));
    assert.match(stderr, 'kart bench fleet:');
  }
});

test.run();
