/**
 * Households for the bench: plausible members (Arabic and Latin names, 14-digit national IDs of the Egyptian
 * shape: century, birth date, governorate 03 Port Said, serial, check digit), deterministic in the household's
 * number so that a seeded day replays the same people. Test data only: nobody real.
 */
import type { HouseholdDescription, HouseholdMember } from '../../card/gov/household-description.ts';
import type { MemberRole } from '../../card/gov/gov-card-data.ts';

const FAMILIES = [
  ['السيد', 'EL SAYED'], ['عبد الله', 'ABDALLAH'], ['إبراهيم', 'IBRAHIM'], ['حسن', 'HASSAN'], ['مصطفى', 'MOSTAFA'],
  ['محمود', 'MAHMOUD'], ['عثمان', 'OSMAN'], ['يوسف', 'YOUSSEF'], ['فؤاد', 'FOUAD'], ['شاكر', 'SHAKER'],
] as const;
const MEN = [['أحمد', 'AHMED'], ['محمد', 'MOHAMED'], ['خالد', 'KHALED'], ['عمر', 'OMAR'], ['كريم', 'KARIM'], ['طارق', 'TAREK']] as const;
const WOMEN = [['فاطمة', 'FATMA'], ['منى', 'MONA'], ['سارة', 'SARA'], ['نور', 'NOUR'], ['هبة', 'HEBA'], ['ياسمين', 'YASMIN']] as const;

export interface BenchHouseholdSpec {
  /** Household number (default 1): the same number gives the same people. */
  readonly number?: number;
  /** Beneficiaries on the ration card (default 4). */
  readonly beneficiaries?: number;
  /** Members with cards (default: head, spouse, a son of 19 and a daughter of 10). At most 6. */
  readonly members?: number;
  /** The members' PIN (default "1234"). */
  readonly pin?: string;
  /**
   * Cards that also carry KARTPAY, the EMV payment application (the test bench issues them; `benchHousehold` only
   * describes the household): `'head'`, or `true` for every member. Default none.
   */
  readonly payment?: boolean | 'head';
  /** Each payment card's balance at the bench's issuer, piastres (default 500 000: EGP 5 000). */
  readonly paymentBalance?: number;
}

/** A member as the bench knows them: the description the card was issued from. */
export type BenchMemberSpec = HouseholdMember & { readonly pin: string };

const ROLES: readonly (readonly [MemberRole, number, 'm' | 'f'])[] = [
  ['head', 44, 'm'], ['spouse', 39, 'f'], ['child', 19, 'm'], ['child', 10, 'f'], ['child', 17, 'f'], ['other', 71, 'm'],
];

/** The national ID's check digit: a weighted sum (a stand-in; the civil registry's own rule is not public). */
function checkDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (i % 2 === 0 ? 2 : 1);
  return (10 - (sum % 10)) % 10;
}

function nationalId(born: number, serial: number): string {
  const date = new Date(Date.UTC(born, (serial * 7) % 12, 1 + ((serial * 13) % 28)));
  const century = born >= 2000 ? '3' : '2';
  const body = `${century}${String(born % 100).padStart(2, '0')}${String(date.getUTCMonth() + 1).padStart(2, '0')}${String(date.getUTCDate()).padStart(2, '0')}03${String(serial % 10_000).padStart(4, '0')}`;
  return body + checkDigit(body);
}

/** The household description for `spec` (see the file comment). */
export function benchHousehold(spec: BenchHouseholdSpec = {}, thisYear = new Date().getUTCFullYear()): HouseholdDescription & { members: BenchMemberSpec[] } {
  const n = spec.number ?? 1;
  const count = Math.max(1, Math.min(ROLES.length, spec.members ?? 4));
  const [familyAr, familyEn] = FAMILIES[(n - 1) % FAMILIES.length]!;
  const father = MEN[(n - 1) % MEN.length]!;
  const members = ROLES.slice(0, count).map(([role, age, sex], i): BenchMemberSpec => {
    const [first, firstEn] = (sex === 'm' ? MEN : WOMEN)[(n + i * 2) % 6]!;
    // Children carry their father's name as their second name, as Egyptian names do.
    const middle = role === 'child' ? ` ${father[0]}` : '';
    const middleEn = role === 'child' ? ` ${father[1]}` : '';
    const [givenAr, givenEn] = role === 'head' ? father : [first, firstEn];
    return {
      nationalId: nationalId(thisYear - age, n * 10 + i), nameAr: `${givenAr}${middle} ${familyAr}`, nameEn: `${givenEn}${middleEn} ${familyEn}`,
      role, age, pin: spec.pin ?? '1234',
    };
  });
  const id = new Uint8Array(8);
  id[0] = 0x48;
  new DataView(id.buffer).setUint32(4, n);
  return { householdId: id, rationCardNumber: String(20_000_000 + n), beneficiaries: spec.beneficiaries ?? Math.max(count, 4), activations: {}, members };
}
