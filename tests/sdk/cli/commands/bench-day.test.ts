/** `kart bench day` as a child process: a tiny faulty day prints its summary and exits 0; bad counts exit 2. */
import * as assert from 'uvu/assert';
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';
import { suite } from '../../../support/suite.ts';

// The embedded ledger's PGlite runs initdb at start: seconds, many more on a loaded machine.
const test = suite('sdk/cli/commands/bench-day', { timeoutMs: 150_000 });
const root = resolve(import.meta.dirname, '../../../..');

function kart(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [join(root, 'sdk/cli/kart.js'), ...args], { cwd: root, timeout: 140_000, maxBuffer: 16 << 20 }, (error, stdout, stderr) =>
      done({ code: error ? ((error as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

test('a tiny day with faults: the summary, and exit 0', async () => {
  const { code, stdout, stderr } = await kart(['bench', 'day', '--customers', '5', '--households', '2', '--seed', '3', '--faults']);
  assert.is(code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, 'Kart bench day: 5 customer visit(s), 2 household(s), seed 3, with faults');
  assert.match(stdout, /customers served: \d+ of 5 visit\(s\) \(6 sale\(s\) run\), loaves sold: \d+/);
  assert.match(stdout, /declines: /);
  for (const kind of ['card-pulled', 'ledger-unreachable', 'power-cut']) assert.match(stdout, new RegExp(`fault ${kind} at visit \\d+: recovered`));
  const journal = /journal: (\d+ approved \(\d+ loaves\), \d+ declined)/.exec(stdout)?.[1];
  const ledger = /ledger: {2}(\d+ approved \(\d+ loaves\), \d+ declined)/.exec(stdout)?.[1];
  assert.ok(journal && ledger, stdout);
  assert.is(ledger, journal, 'the printed totals agree');
  assert.match(stdout, 'journal and ledger totals are EQUAL');
  assert.not.match(stdout, 'DISAGREE');
});

test('--json gives the summary as an object', async () => {
  const { code, stdout } = await kart(['bench', 'day', '--customers', '2', '--households', '1', '--json']);
  assert.is(code, 0, stdout);
  const summary = JSON.parse(stdout) as { visits: number; agree: boolean; faults: unknown[]; journal: unknown; ledger: { approved: unknown } };
  assert.is(summary.visits, 2);
  assert.is(summary.agree, true);
  assert.equal(summary.faults, []);
});

test('a count that is not one is a usage error (exit 2)', async () => {
  const { code, stderr } = await kart(['bench', 'day', '--customers', '0']);
  assert.is(code, 2);
  assert.match(stderr, 'kart bench day: --customers must be an integer');
  const share = await kart(['bench', 'day', '--payments', '1.5']);
  assert.is(share.code, 2);
  assert.match(share.stderr, 'kart bench day: --payments must be a share from 0 to 1');
});

test('card payments: the summary prints them (count, value, online/offline, CVM) for the journal and the ledger, equal', async () => {
  const { code, stdout, stderr } = await kart(['bench', 'day', '--customers', '12', '--households', '3', '--seed', '7', '--faults', '--payments', '0.25']);
  assert.is(code, 0, `${stdout}\n${stderr}`);
  assert.match(stdout, /card payments: \d+ approved of \d+ visit\(s\) \(\d+ tries\)/);
  assert.match(stdout, /fault payment-card-pulled at visit \d+: recovered/);
  const journal = /\n {4}journal: (.+)\n/.exec(stdout)?.[1];
  const ledger = /\n {4}ledger: {2}(.+); 0 not stored\n/.exec(stdout)?.[1];
  assert.ok(journal && ledger, stdout);
  assert.is(ledger, journal, 'the printed payment totals agree');
  assert.match(journal!, /\d+ approved \(EGP \d+\.\d{2}; online \d+, offline \d+; CVM finger-on-card \d+, pin \d+\), \d+ declined/);
  assert.match(stdout, 'every approval and every approved card payment is in the ledger exactly once');
  const none = await kart(['bench', 'day', '--customers', '2', '--households', '1', '--payments', '0']);
  assert.is(none.code, 0, none.stdout);
  assert.not.match(none.stdout, 'card payments');
});

test.run();
