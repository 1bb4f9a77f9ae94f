/**
 * The household file `kart card issue` reads (JSON):
 * `{ "householdId": "0000000012345678", "rationCardNumber": "1234567890", "beneficiaries": 4,
 *    "activations": { "bread": "2026-03-01", "ration": "2026-03-01", "health": "2026-07-01" },
 *    "members": [{ "nationalId": "28501011234567", "nameAr": "...", "nameEn": "...", "role": "head", "age": 41,
 *                  "pin": "1234", "fingerprintHex": "..." }] }`.
 * `householdId` is 16 hex digits (8 bytes); `activations` (optional) are the announced dates of the services that
 * are not activated at pick-up; `pin` (default "1234") and `fingerprintHex` (the reference template's bytes; default
 * the enrolment of the member's synthetic finger, `member-finger.ts`) are for test cards.
 */
import type { MemberRole } from './gov-card-data.ts';
import { isoToDay } from './gov-date.ts';
import { GovError } from './gov-error.ts';

export interface HouseholdMember {
  readonly nationalId: string;
  readonly nameAr: string;
  readonly nameEn: string;
  readonly role: MemberRole;
  readonly age: number;
  readonly pin?: string;
  readonly fingerprint?: Uint8Array;
}

export interface HouseholdDescription {
  readonly householdId: Uint8Array;
  readonly rationCardNumber: string;
  readonly beneficiaries: number;
  /** Activation days of the services activated later than pick-up. */
  readonly activations: Readonly<Partial<Record<'bread' | 'ration' | 'health', number>>>;
  readonly members: readonly HouseholdMember[];
}

const ROLES: readonly MemberRole[] = ['head', 'spouse', 'child', 'other'];

/** Checks a parsed household file; throws `GovError` `GOV_HOUSEHOLD_INVALID` naming the field (never its value). */
export function parseHouseholdDescription(value: unknown): HouseholdDescription {
  const fail = (path: string, problem: string): never => {
    throw new GovError('GOV_HOUSEHOLD_INVALID', `${path}: ${problem}`);
  };
  const record = (v: unknown, path: string): Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(path, 'expected an object');
  const str = (v: unknown, path: string, pattern: RegExp, problem: string): string =>
    typeof v === 'string' && pattern.test(v) ? v : fail(path, problem);
  const root = record(value, 'household');
  const householdId = str(root['householdId'], 'householdId', /^[0-9a-fA-F]{16}$/, 'must be 16 hex digits');
  const rationCardNumber = str(root['rationCardNumber'], 'rationCardNumber', /^[0-9]{1,20}$/, 'must be 1 to 20 digits');
  const beneficiaries = root['beneficiaries'];
  if (typeof beneficiaries !== 'number' || !Number.isInteger(beneficiaries) || beneficiaries < 1 || beneficiaries > 100) {
    fail('beneficiaries', 'must be an integer from 1 to 100');
  }
  const activations: Partial<Record<'bread' | 'ration' | 'health', number>> = {};
  if (root['activations'] !== undefined) {
    const raw = record(root['activations'], 'activations');
    for (const [name, date] of Object.entries(raw)) {
      if (name !== 'bread' && name !== 'ration' && name !== 'health') fail(`activations.${name}`, 'unknown service');
      const day = typeof date === 'string' ? isoToDay(date) : undefined;
      activations[name as 'bread'] = day ?? fail(`activations.${name}`, 'must be a date YYYY-MM-DD');
    }
  }
  if (!Array.isArray(root['members']) || root['members'].length === 0 || root['members'].length > 30) {
    fail('members', 'must be a list of 1 to 30 members');
  }
  const members = (root['members'] as unknown[]).map((m, i): HouseholdMember => {
    const at = `members[${i}]`;
    const member = record(m, at);
    const role = member['role'];
    if (!ROLES.includes(role as MemberRole)) fail(`${at}.role`, `must be one of ${ROLES.join(', ')}`);
    const age = member['age'];
    if (typeof age !== 'number' || !Number.isInteger(age) || age < 0 || age > 130) fail(`${at}.age`, 'must be an integer from 0 to 130');
    const fingerprintHex = member['fingerprintHex'];
    return {
      nationalId: str(member['nationalId'], `${at}.nationalId`, /^[0-9]{14}$/, 'must be 14 digits'),
      nameAr: str(member['nameAr'], `${at}.nameAr`, /\S/, 'must not be empty'),
      nameEn: str(member['nameEn'], `${at}.nameEn`, /^[\x20-\x7e]*[A-Za-z][\x20-\x7e]*$/, 'must be Latin letters'),
      role: role as MemberRole,
      age: age as number,
      ...(member['pin'] === undefined ? {} : { pin: str(member['pin'], `${at}.pin`, /^[0-9]{4,12}$/, 'must be 4 to 12 digits') }),
      ...(fingerprintHex === undefined
        ? {}
        : { fingerprint: new Uint8Array(Buffer.from(str(fingerprintHex, `${at}.fingerprintHex`, /^(?:[0-9a-fA-F]{2}){1,1024}$/, 'must be hex bytes'), 'hex')) }),
    };
  });
  const ids = new Set(members.map((m) => m.nationalId));
  if (ids.size !== members.length) fail('members', 'a national ID appears twice');
  if (members.filter((m) => m.role === 'head').length !== 1) fail('members', 'exactly one head of household');
  return { householdId: new Uint8Array(Buffer.from(householdId, 'hex')), rationCardNumber, beneficiaries: beneficiaries as number, activations, members };
}
