/**
 * `npm run bench`: runs every `tests/bench/*.bench.ts` (or those whose file name contains an argument) and prints
 * a table, or with `--json` one JSON object per line and figure: {"name": ..., "value": ..., "unit": ...}.
 * `--quick` asks each benchmark for a short run.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Bench, Figure } from './figures.ts';
import { progressBar } from '../../sdk/cli/progress.ts';

const args = process.argv.slice(2);
const json = args.includes('--json');
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const dir = import.meta.dirname;
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.includes(o)))
  .sort();

const figures: Figure[] = [];
let failed = false;
for (const file of files) {
  const bench = (await import(pathToFileURL(join(dir, file)).href)).default as Bench;
  if (!json) process.stdout.write(`\n${bench.title}\n`);
  const bar = progressBar(process.stderr);
  try {
    await bench.run({
      quick,
      progress: (label, done, total) => bar.update(label, done, total),
      figure(name, value, unit, note) {
        const f: Figure = note === undefined ? { name, value, unit } : { name, value, unit, note };
        figures.push(f);
        if (json) process.stdout.write(JSON.stringify({ name, value, unit }) + '\n');
        else {
          bar.clear();
          const shown = Math.abs(value) >= 100 ? value.toFixed(0) : Math.abs(value) >= 1 ? value.toFixed(2) : value.toPrecision(3);
          process.stdout.write(`  ${name.padEnd(44)} ${shown.padStart(12)} ${unit.padEnd(8)} ${note ?? ''}\n`);
        }
      },
    });
  } catch (error) {
    failed = true;
    process.stderr.write(`bench ${file} failed: ${(error as Error).stack ?? error}\n`);
  } finally {
    bar.clear();
  }
}
if (failed) process.exitCode = 1;
