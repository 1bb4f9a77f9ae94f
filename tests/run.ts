/**
 * Runs every `tests/**\/*.test.ts` suite, each in its own Node process (so a private pcscd, a PC/SC context or a
 * crashed native binding stays inside one file), a few at a time, each under a per-file watchdog that kills its
 * process group. Prints each file's uvu output, the suites skipped for want of the real stack in one line with
 * the command that installs it, and a closing line `N passed, N failed, N skipped`.
 *
 * Usage: node --import tsx tests/run.ts [path-prefix ...]   (env KART_TEST_JOBS, KART_TEST_FILE_TIMEOUT_MS)
 */
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { SKIP_MARKER } from './support/skip.ts';

const root = resolve(import.meta.dirname, '..');
const EXIT_GRACE_MS = 15_000;
const testsDir = join(root, 'tests');

function findSuites(dir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) found.push(...findSuites(path));
    else if (entry.endsWith('.test.ts')) found.push(path);
  }
  return found;
}

interface FileResult {
  readonly file: string;
  readonly output: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly skips: string[];
  readonly crashed?: string;
}

const numberAfter = (text: string, label: string): number | undefined => {
  // eslint-disable-next-line no-control-regex
  const plain = text.replace(/\u001b\[[0-9;]*m/g, '');
  const match = new RegExp(`^\\s*${label}:\\s+(\\d+)`, 'm').exec(plain);
  return match ? Number(match[1]) : undefined;
};

function runFile(file: string, timeoutMs: number): Promise<FileResult> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], {
      cwd: root,
      detached: true,
      env: { ...process.env, FORCE_COLOR: process.env['FORCE_COLOR'] ?? '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let timedOut = false;
    let lingered = false;
    const kill = (): void => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    };
    // Once uvu has printed its summary the tests are over: a process still alive after the grace period holds a
    // handle it should have closed (a port, a socket, a child); that is a failure, not a reason to wait 20 minutes.
    let grace: NodeJS.Timeout | undefined;
    const collect = (chunk: Buffer): void => {
      output += chunk.toString();
      if (!grace && /^\s*Duration:/m.test(output)) {
        grace = setTimeout(() => {
          lingered = true;
          kill();
        }, EXIT_GRACE_MS);
      }
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const watchdog = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      clearTimeout(grace);
      const skips = output
        .split('\n')
        .filter((line) => line.startsWith(SKIP_MARKER + '\t'))
        .map((line) => line.slice(SKIP_MARKER.length + 1));
      const total = numberAfter(output, 'Total');
      const passed = numberAfter(output, 'Passed') ?? 0;
      const skippedTests = numberAfter(output, 'Skipped') ?? 0;
      let crashed: string | undefined;
      if (timedOut) crashed = `killed by the per-file watchdog after ${timeoutMs} ms`;
      else if (lingered) crashed = `did not exit within ${EXIT_GRACE_MS} ms of its last test: a handle was left open`;
      else if (code !== 0) crashed = `exited with ${signal ?? `code ${code}`}`;
      else if (total === undefined && skips.length === 0) crashed = 'printed no uvu summary (no test ran)';
      const failed = Math.max((total ?? 0) - passed - skippedTests, crashed ? 1 : 0);
      done({ file, output, passed, failed, skipped: skippedTests + skips.length, skips, ...(crashed ? { crashed } : {}) });
    });
  });
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2).map((arg) => resolve(root, arg));
  const files = findSuites(testsDir).filter((f) => filters.length === 0 || filters.some((p) => f.startsWith(p)));
  if (files.length === 0) {
    console.error('no test suites matched');
    process.exit(1);
  }
  const jobs = Math.max(1, Number(process.env['KART_TEST_JOBS']) || 2);
  const fileTimeout = Number(process.env['KART_TEST_FILE_TIMEOUT_MS']) || 1_200_000;
  const results: FileResult[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < files.length) {
      const file = files[next++]!;
      const result = await runFile(file, fileTimeout);
      results.push(result);
      const name = relative(root, file);
      const mark = result.crashed || result.failed ? 'FAIL' : 'ok  ';
      process.stdout.write(`\n${mark} ${name}\n`);
      const shown = result.output
        .split('\n')
        .filter((line) => !line.startsWith(SKIP_MARKER + '\t'))
        .join('\n')
        .trimEnd();
      if (shown) process.stdout.write(shown.replace(/^/gm, '  ') + '\n');
      if (result.crashed) process.stdout.write(`  ${name}: ${result.crashed}\n`);
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, files.length) }, worker));

  const skips = results.flatMap((r) => r.skips);
  if (skips.length > 0) {
    const fixes = [...new Set(skips.map((s) => s.split('\t')[2]))].join('; ');
    const names = skips.map((s) => s.split('\t')[0]).join(', ');
    const reasons = [...new Set(skips.map((s) => s.split('\t')[1]))].join('; ');
    process.stdout.write(`\nskipped ${skips.length} suite(s) (${reasons}): ${names}. To run them: ${fixes}\n`);
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const skipped = results.reduce((n, r) => n + r.skipped, 0);
  const failedFiles = results.filter((r) => r.crashed || r.failed).map((r) => relative(root, r.file));
  if (failedFiles.length) process.stdout.write(`\nfailed files: ${failedFiles.join(', ')}\n`);
  process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
