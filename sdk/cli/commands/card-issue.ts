/**
 * `kart card issue --household FILE [--out DIR] [--date YYYY-MM-DD] [--payment]`: makes the cards of a household from
 * its JSON description (see card/gov/household-description.ts) with the TEST issuer, and writes one card image per
 * member (`<card id>.card`), the TEST CA certificate terminals must trust (`test-ca.cert.cbor`) and a summary
 * (`household-<id>.json`: card ids, roles, services, expiry; no national IDs, no PINs). With `--payment` every card
 * also carries KARTPAY, the EMV payment application, and the PSE (sdk/bench/payment-card.ts: a PAN under the TEST
 * IIN 818888, PSN 1, the member's PIN and enrolled finger, Kart's TEST CA, issuer and IMK-AC keys); the summary
 * then shows each masked PAN. `kart card serve --card` serves such images. Card images hold the card's private
 * keys and PIN: treat them as card secrets.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dayToIso, isoToDay } from '../../../card/gov/gov-date.ts';
import { parseHouseholdDescription } from '../../../card/gov/household-description.ts';
import { issueHousehold } from '../../../card/gov/issue-household.ts';
import { createTestIssuer } from '../../../card/gov/test-issuer.ts';
import { GovError } from '../../../card/gov/gov-error.ts';
import { enrolmentReference } from '../../../card/gov/member-finger.ts';
import { maskPan } from '../../../terminal/payment/pan-protection.ts';
import { certificateCodec } from '../../../terminal/schemas/certificate.ts';
import { addPaymentApplication } from '../../bench/payment-card.ts';
import { CliUsageError, type Command } from '../command.ts';

const USAGE = 'usage: kart card issue --household FILE [--out DIR] [--date YYYY-MM-DD] [--payment]';

function parseArgs(args: string[]): { household: string; out: string; date?: number; payment: boolean } {
  const values = new Map<string, string>();
  let payment = false;
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!;
    if (name === '--payment' && !payment) {
      payment = true;
      i--;
      continue;
    }
    const value = args[i + 1];
    if (!['--household', '--out', '--date'].includes(name) || value === undefined || values.has(name)) throw new CliUsageError(USAGE);
    values.set(name, value);
  }
  const household = values.get('--household');
  if (!household) throw new CliUsageError(USAGE);
  const dateText = values.get('--date');
  const date = dateText === undefined ? undefined : isoToDay(dateText);
  if (dateText !== undefined && date === undefined) throw new CliUsageError(`--date must be YYYY-MM-DD. ${USAGE}`);
  return { household, out: values.get('--out') ?? '.', payment, ...(date === undefined ? {} : { date }) };
}

const cardIssue: Command = async (args) => {
  const options = parseArgs(args);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(options.household, 'utf8'));
  } catch (cause) {
    throw new GovError('GOV_HOUSEHOLD_INVALID', `${options.household}: not a readable JSON file`, { cause });
  }
  const household = parseHouseholdDescription(json);
  const issuer = createTestIssuer();
  const issuedOn = options.date ?? Math.floor(Date.now() / 86_400_000);
  const cards = issueHousehold(household, { issuer, issuedOn });
  mkdirSync(options.out, { recursive: true });
  const householdHex = Buffer.from(household.householdId).toString('hex');
  const summary = cards.map((issued, i) => {
    const cardId = Buffer.from(issued.cardId).toString('hex');
    const file = `${cardId}.card`;
    const member = household.members[i]!;
    const paid = options.payment
      ? addPaymentApplication(issued, { pin: member.pin ?? '1234', issuedOn, fingerReference: member.fingerprint ?? enrolmentReference(member) })
      : undefined;
    writeFileSync(join(options.out, file), paid?.image ?? issued.image, { mode: 0o600 });
    const payment = paid ? { application: 'KARTPAY', panMasked: maskPan(paid.pan), panSequenceNumber: paid.panSequenceNumber } : undefined;
    process.stdout.write(`${file}  ${issued.role.padEnd(6)}  ${issued.nameEn}  services: ${issued.services.join(', ')}${payment ? `  KARTPAY ${payment.panMasked}` : ''}\n`);
    return {
      file, cardId, role: issued.role, nameEn: issued.nameEn, carriesRation: issued.carriesRation, services: issued.services, expiry: dayToIso(issued.expiry),
      ...(payment ? { payment } : {}),
    };
  });
  writeFileSync(join(options.out, 'test-ca.cert.cbor'), certificateCodec.encode(issuer.caCertificate));
  writeFileSync(join(options.out, `household-${householdHex}.json`), `${JSON.stringify({ householdId: householdHex, testIssuer: true, cards: summary }, null, 2)}\n`);
  process.stdout.write(`${cards.length} cards for household ${householdHex} in ${options.out} (TEST issuer keys: not for real cards)\n`);
  return 0;
};
export default cardIssue;
