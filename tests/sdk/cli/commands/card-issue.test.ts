import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as assert from 'uvu/assert';
import { loadCard } from '../../../../card/card-image.ts';
import { GOV_CARD_BUILDERS, GOV_CARD_KIND } from '../../../../card/gov/gov-card.ts';
import type { GovError } from '../../../../card/gov/gov-error.ts';
import cardIssue from '../../../../sdk/cli/commands/card-issue.ts';
import { CliUsageError } from '../../../../sdk/cli/command.ts';
import { decodeCertificate } from '../../../../terminal/schemas/certificate.ts';
import { suite } from '../../../support/suite.ts';

const test = suite('sdk/cli/commands/card-issue');

let dir: string;
const write = process.stdout.write.bind(process.stdout);
let printed = '';
test.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'kart-card-issue-'));
  printed = '';
  process.stdout.write = ((chunk: string) => ((printed += chunk), true)) as typeof process.stdout.write;
});
test.after.each(() => {
  process.stdout.write = write;
  rmSync(dir, { recursive: true, force: true });
});

const household = {
  householdId: '00000000000000ab', rationCardNumber: '77', beneficiaries: 3,
  members: [
    { nationalId: '28501011234567', nameAr: 'سيد', nameEn: 'SAYED', role: 'head', age: 40 },
    { nationalId: '31501011234568', nameAr: 'منى', nameEn: 'MONA', role: 'child', age: 9 },
  ],
};

test('writes one image per member, the TEST CA certificate and a summary without national IDs', async () => {
  const file = join(dir, 'household.json');
  writeFileSync(file, JSON.stringify(household));
  const out = join(dir, 'cards');
  assert.is(await cardIssue(['--household', file, '--out', out, '--date', '2026-03-10']), 0);
  const files = readdirSync(out).sort();
  assert.is(files.filter((f) => f.endsWith('.card')).length, 2);
  assert.ok(files.includes('test-ca.cert.cbor') && files.includes('household-00000000000000ab.json'));
  const summary = readFileSync(join(out, 'household-00000000000000ab.json'), 'utf8');
  assert.not.ok(summary.includes('28501011234567') || printed.includes('28501011234567'));
  const cards = (JSON.parse(summary) as { cards: Array<{ file: string; role: string; services: string[]; expiry: string }> }).cards;
  assert.equal(cards.map((c) => [c.role, c.services.length, c.expiry]), [['head', 4, '2029-03-09'], ['child', 2, '2029-03-09']]);
  assert.is(loadCard(readFileSync(join(out, cards[0]!.file)), GOV_CARD_BUILDERS).kind, GOV_CARD_KIND);
  assert.is(decodeCertificate(readFileSync(join(out, 'test-ca.cert.cbor'))).serial, 1);
  assert.match(printed, /TEST issuer/);
});

test('usage errors and invalid household files', async () => {
  for (const args of [[], ['--out', dir], ['--household'], ['--household', 'x', '--date', '2026-02-30'], ['--household', 'x', '--bogus', '1']]) {
    try {
      await cardIssue(args);
      assert.unreachable(args.join(' '));
    } catch (e) {
      assert.instance(e, CliUsageError, args.join(' '));
    }
  }
  const bad = join(dir, 'bad.json');
  writeFileSync(bad, JSON.stringify({ ...household, beneficiaries: 0 }));
  for (const file of [bad, join(dir, 'missing.json')]) {
    try {
      await cardIssue(['--household', file]);
      assert.unreachable(file);
    } catch (e) {
      assert.is((e as GovError).code, 'GOV_HOUSEHOLD_INVALID');
    }
  }
});

test.run();
