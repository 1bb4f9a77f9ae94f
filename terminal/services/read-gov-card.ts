/**
 * Reading the government card: SELECT KARTGOV (card id and status from the FCI), then READ DATA of the household
 * (BF42), the services (BF43) and the expiry (5F24); after SET DATE, the counters (BF45) for today's month. What
 * it returns is not trusted until `authenticateCard` has passed. A card without KARTGOV is an outcome
 * (`undefined`); answers outside COMMANDS.md are `SVC_CARD_PROTOCOL`.
 */
import type { ServiceName } from '../auth/auth-types.ts';
import { SchemaError } from '../schemas/schema-error.ts';
import { SERVICE } from '../schemas/service.ts';
import type { CardCounters, CardRuleParams } from './card-counters.ts';
import { beneficiariesOfLoad, decodeCardCounters, decodeCardRuleParams } from './card-counters.ts';
import { GovApdu, SW_6283_CARD_NOT_USABLE, yymmddToDay } from './gov-apdu.ts';
import { TAG_5F24_EXPIRY, TAG_BF42_HOUSEHOLD, TAG_BF43_SERVICES, TAG_BF45_COUNTERS, TAG_DF10_CARD_ID, TAG_DF21_HOUSEHOLD_ID, TAG_DF24_CARRIES_RATION, TAG_DF25_ENTITLEMENT_GRANT, TAG_DF26_SERVICE_ACTIVATION, TAG_DF44_CARD_STATUS, TAG_DF46_ENTITLEMENT_STATE, TAG_DF47_ENTITLEMENT_PARAMS } from '../schemas/kartgov-tags.ts';
import type { GovCardChannel } from './gov-card-channel.ts';
import { allValuesOf, valueOf } from './gov-card-channel.ts';
import { ServiceError } from './service-error.ts';

/** What the card says about itself before any date is set. */
export interface GovCardFile {
  readonly cardId: Uint8Array;
  readonly householdId: Uint8Array;
  readonly status: 'active' | 'blocked' | 'destroyed';
  /** Last valid day (5F24). */
  readonly expiry: number;
  readonly carriesRation: boolean;
  /** Beneficiaries of the last entitlement load (DF25). */
  readonly beneficiaries: number;
  /** Activation day of each service on the card (inactive ones absent). */
  readonly services: Partial<Record<ServiceName, number>>;
}

const STATUS = ['active', 'blocked', 'destroyed'] as const;
const NAMES: Readonly<Record<number, ServiceName>> = { [SERVICE.BREAD]: 'bread', [SERVICE.RATION]: 'ration', [SERVICE.HEALTH]: 'health' };
const INACTIVE = 0xffff_ffff;

function protocol(what: string, problem: string, cause?: unknown): never {
  throw new ServiceError('SVC_CARD_PROTOCOL', `${what}: ${problem}`, cause === undefined ? undefined : { cause });
}

/** SELECT and READ DATA; `undefined` when the card has no KARTGOV application (6A82). */
export async function readGovCard(channel: GovCardChannel): Promise<GovCardFile | undefined> {
  // See COMMANDS.md, SELECT: 9000 active, 6283 blocked or destroyed (FCI still returned).
  const selected = await channel.send(GovApdu.select(), 'SELECT KARTGOV');
  if (selected.sw === 0x6a82) return undefined;
  if (selected.sw !== 0x9000 && selected.sw !== SW_6283_CARD_NOT_USABLE) protocol('SELECT KARTGOV', `answered ${selected.sw.toString(16)}`);
  const cardId = valueOf(selected.data, TAG_DF10_CARD_ID, 'SELECT KARTGOV');
  const statusCode = valueOf(selected.data, TAG_DF44_CARD_STATUS, 'SELECT KARTGOV')[0] ?? 0xff;
  const status = STATUS[statusCode] ?? protocol('SELECT KARTGOV', `unknown card status ${statusCode}`);
  if (cardId.length !== 8) protocol('SELECT KARTGOV', 'card id is not 8 bytes');

  const household = await channel.expectOk(GovApdu.readData(TAG_BF42_HOUSEHOLD), 'READ DATA BF42');
  const householdId = valueOf(household, TAG_DF21_HOUSEHOLD_ID, 'READ DATA BF42');
  if (householdId.length !== 8) protocol('READ DATA BF42', 'household id is not 8 bytes');
  let beneficiaries: number;
  try {
    beneficiaries = beneficiariesOfLoad(valueOf(household, TAG_DF25_ENTITLEMENT_GRANT, 'READ DATA BF42'));
  } catch (error) {
    if (error instanceof SchemaError) protocol('READ DATA BF42', 'DF25 is not an entitlement load', error);
    throw error;
  }
  const carriesRation = valueOf(household, TAG_DF24_CARRIES_RATION, 'READ DATA BF42')[0] === 1;

  const servicesData = await channel.expectOk(GovApdu.readData(TAG_BF43_SERVICES), 'READ DATA BF43');
  const services: Partial<Record<ServiceName, number>> = {};
  for (const entry of allValuesOf(servicesData, TAG_DF26_SERVICE_ACTIVATION, 'READ DATA BF43')) {
    if (entry.length !== 5) protocol('READ DATA BF43', 'DF26 is not 5 bytes');
    const name = NAMES[entry[0]!];
    const day = ((entry[1]! << 24) >>> 0) + (entry[2]! << 16) + (entry[3]! << 8) + entry[4]!;
    if (!name || day === INACTIVE) continue;
    if ((name === 'bread' || name === 'ration') && !carriesRation) continue;
    services[name] = day;
  }
  const expiryData = await channel.expectOk(GovApdu.readData(TAG_5F24_EXPIRY), 'READ DATA 5F24');
  const expiry = yymmddToDay(valueOf(expiryData, TAG_5F24_EXPIRY, 'READ DATA 5F24')) ?? protocol('READ DATA 5F24', 'not a YYMMDD date');
  return { cardId, householdId, status, expiry, carriesRation, beneficiaries, services };
}

/** READ DATA BF45 (after SET DATE): the counters of today's month and the card's rule figures. */
export async function readCardCounters(channel: GovCardChannel): Promise<{ counters: CardCounters; rules: CardRuleParams }> {
  const data = await channel.expectOk(GovApdu.readData(TAG_BF45_COUNTERS), 'READ DATA BF45');
  try {
    return {
      counters: decodeCardCounters(valueOf(data, TAG_DF46_ENTITLEMENT_STATE, 'READ DATA BF45')),
      rules: decodeCardRuleParams(valueOf(data, TAG_DF47_ENTITLEMENT_PARAMS, 'READ DATA BF45')),
    };
  } catch (error) {
    if (error instanceof SchemaError) protocol('READ DATA BF45', `counters do not decode (${error.message})`, error);
    throw error;
  }
}
