import { timingSafeEqual } from 'node:crypto';
import { applicationCryptogram, arpcMethod1 } from '../emv/cryptogram/application-cryptogram.ts';
import { KART_CVN_01 } from '../emv/cryptogram/issuer-application-data.ts';
import { deriveIccMasterKey, deriveSessionKey } from '../emv/cryptogram/keys.ts';
import { EmvError } from '../emv/errors.ts';
import { ARC, arcBytes } from './authorisation-response-code.ts';
import { parseIccData, type IccData } from './icc-data.ts';

/** One card account at the issuer. `balance` (minor units) is debited in place on each approval. */
export interface IssuerAccount {
  readonly pan: string;
  readonly panSequenceNumber: number;
  balance: number;
  blocked?: boolean;
}

/** An online authorisation request (the ISO 8583 0100 message as far as the card is concerned). */
export interface AuthorisationRequest {
  readonly pan: string;
  readonly panSequenceNumber: number;
  /** Field 55 TLV: 9F26 9F27 9F10 9F37 9F36 95 9A 9C 9F02 9F03 5F2A 82 9F1A 9F34 (others are ignored). */
  readonly iccData: Uint8Array;
  /** A Biometric Verification Data Template for the issuer, when the finger CVM was online. */
  readonly onlineBiometric?: Uint8Array;
}

/** The issuer's answer. */
export interface AuthorisationResponse {
  readonly approved: boolean;
  /** Two ASCII characters, see {@link ARC}. */
  readonly authorisationResponseCode: string;
  /** The 91 value: ARPC (8) || ARC (2); empty for an unknown card or malformed ICC data (no ARQC to answer). */
  readonly issuerAuthenticationData: Uint8Array;
  /** English, for logs; never holds keys, cryptograms or biometric data. */
  readonly reason: string;
}

export interface IssuerHost {
  /** Authorises one online transaction. Never rejects: every fault is a decline with a reason. */
  authorise(request: AuthorisationRequest): Promise<AuthorisationResponse>;
  /**
   * Clearing: checks the cryptogram (usually a TC) in a transaction's ICC data. Never throws; malformed data is
   * `valid: false`. Does not touch the ATC history or balances.
   */
  verifyOfflineCryptogram(iccData: Uint8Array, pan: string, psn: number): { valid: boolean; cryptogramType: 'TC' | 'AAC' | 'ARQC' };
  /** Undoes an approval (credits its amount back) once; a repeated reversal changes nothing. Never throws. */
  reverse(request: ReversalRequest): Promise<ReversalResponse>;
}

/**
 * A reversal: the terminal undoes an online approval it could not complete (the card was pulled before the second
 * GENERATE AC, the card declined after the issuer approved, or the approval could not be journaled and was not
 * shown). Named by the card and the ATC of the authorised ARQC. See EMV 4.4 Book 4, 12.2.5 (reversals) and Book 3,
 * 10.11 (completion: an authorised transaction the card declines).
 */
export interface ReversalRequest {
  readonly pan: string;
  readonly panSequenceNumber: number;
  readonly atc: number;
  /** Why, for the issuer's log (English). */
  readonly reason: string;
}

export interface ReversalResponse {
  /** True when this request restored the amount; false when there was nothing (left) to reverse. */
  readonly reversed: boolean;
  readonly reason: string;
}

export interface IssuerHostOptions {
  /** The IMK-AC the cards' MKs derive from (Book 2 A1.4.1 Option A); 16 bytes. */
  readonly issuerMasterKey: Uint8Array;
  readonly accounts: readonly IssuerAccount[];
  /**
   * Matches an online BVDT against the cardholder; absent → requests that carry one are declined `96`. Gets the
   * request's Unpredictable Number (9F37), to which the terminal bound the enciphered finger.
   */
  readonly verifyOnlineBiometric?: (bvdt: Uint8Array, pan: string, context: { readonly unpredictableNumber: Uint8Array }) => Promise<'match' | 'no-match' | 'invalid'>;
  /**
   * The Derivation Key Index (IAD byte 2) that names `issuerMasterKey`; when given, any other DKI declines `05`.
   * The DKI is not covered by the cryptogram, so without this check a changed DKI goes unnoticed.
   */
  readonly derivationKeyIndex?: number;
  /** The host's clock; when given, a transaction date (9A) more than one day away from it is declined `05`. */
  readonly now?: () => Date;
}

const DAY_MS = 86_400_000;

/**
 * Kart's reference issuer host, in process. `authorise` checks, in this order: the account exists (`14`); the ICC
 * data parses (`30`) and carries an ARQC (`30`); the cryptogram version is Kart's and the DKI the configured one
 * (`05`); the ARQC verifies under SK(AC) derived from PAN, PSN and ATC (`05`); the transaction date is near the
 * host clock, when one is given (`05`); the ATC is above every ATC verified for the card (`94`, replay); the
 * account is not blocked (`62`); the online biometric, when present, matches (`63` no match, `30` invalid
 * template, `96` no verifier or verifier failure);
 * the balance covers 9F02 (`51`). An approval (`00`) debits the balance. Every response to well-formed ICC data
 * has 91 = ARPC Method 1 over its own ARC and the ARQC the host computed; unknown cards and malformed data get none.
 * Throws `EMV_KEY_INVALID` or `EMV_FORMAT_INVALID` at creation for a bad key or account list (a bad PAN or PSN,
 * a card listed twice, a balance that is not a safe integer).
 * @remarks See EMV 4.4 Book 2, 8.1 (ARQC), 8.2.1 (ARPC Method 1), A1.3.1 and A1.4.1 (keys); Book 3, 10.9
 * (online processing: the issuer's response, 91 and 8A).
 */
export function createIssuerHost(options: IssuerHostOptions): IssuerHost {
  const imk = Uint8Array.from(options.issuerMasterKey ?? []);
  if (imk.length !== 16) throw new EmvError('EMV_KEY_INVALID', 'the issuer master key must be 16 bytes');
  const accounts = new Map<string, IssuerAccount>();
  for (const account of options.accounts) {
    deriveIccMasterKey(imk, account.pan, account.panSequenceNumber); // validates PAN and PSN
    const key = cardKey(account.pan, account.panSequenceNumber);
    if (accounts.has(key)) throw new EmvError('EMV_FORMAT_INVALID', `two accounts for card ${maskPan(account.pan)}`);
    if (!Number.isSafeInteger(account.balance)) {
      throw new EmvError('EMV_FORMAT_INVALID', `the balance of card ${maskPan(account.pan)} is not an integer`);
    }
    accounts.set(key, account);
  }
  /** Highest ATC whose ARQC verified, per card. */
  const lastAtc = new Map<string, number>();
  /** Approvals by card and ATC, with the amount debited and whether it was reversed. */
  const approvals = new Map<string, { amount: number; reversed: boolean }>();

  const sessionKeyFor = (pan: string, psn: number, atc: number): Uint8Array =>
    deriveSessionKey(deriveIccMasterKey(imk, pan, psn), atc);

  async function authorise(request: AuthorisationRequest): Promise<AuthorisationResponse> {
    const pan = typeof request?.pan === 'string' ? request.pan : '';
    const psn = request?.panSequenceNumber;
    const parsed = parseIccData(request?.iccData);
    const account = accounts.get(cardKey(pan, psn));
    if (!account) return decline(ARC.INVALID_CARD_NUMBER, `no account for card ${maskPan(pan)} PSN ${String(psn)}`);
    const card = cardKey(pan, psn);
    // Malformed data: no ARPC, there is no trustworthy ARQC to answer.
    if (!parsed.ok) return decline(ARC.FORMAT_ERROR, parsed.reason);
    const data = parsed.data;
    // See EMV 4.4 Book 2, 8.1.2: the ARQC the card should have sent for this data.
    const sk = sessionKeyFor(pan, psn, data.input.atc);
    const expected = applicationCryptogram(sk, data.input);
    // See EMV 4.4 Book 2, 8.2.1 and its footnote 35: the ARPC is always computed over the ARQC the host expected.
    // When the received one verifies the two are equal; when it does not, the host answers the genuine card and
    // is no ARPC oracle for chosen values.
    const withArpc = { arqc: expected, sk };
    if (data.cryptogramType !== 'ARQC') {
      return decline(ARC.FORMAT_ERROR, `the card sent a ${data.cryptogramType}, not an ARQC`, withArpc);
    }
    if (data.cryptogramVersion !== KART_CVN_01) {
      return decline(ARC.DO_NOT_HONOUR, `unknown cryptogram version ${data.cryptogramVersion}`, withArpc);
    }
    if (options.derivationKeyIndex !== undefined && data.derivationKeyIndex !== options.derivationKeyIndex) {
      return decline(ARC.DO_NOT_HONOUR, `unknown derivation key index ${data.derivationKeyIndex}`, withArpc);
    }
    if (!sameBytes(expected, data.cryptogram)) {
      return decline(ARC.DO_NOT_HONOUR, `ARQC does not verify (ATC ${data.input.atc})`, withArpc);
    }
    const dateFault = checkDate(data, options.now);
    if (dateFault) return decline(ARC.DO_NOT_HONOUR, dateFault, withArpc);
    // An ATC at or below one already verified is a replay. Recorded before any await, so two concurrent
    // requests with one ATC cannot both pass.
    const seen = lastAtc.get(card);
    if (seen !== undefined && data.input.atc <= seen) {
      return decline(ARC.DUPLICATE_TRANSMISSION, `ATC ${data.input.atc} replayed (highest seen ${seen})`, withArpc);
    }
    lastAtc.set(card, data.input.atc);
    if (account.blocked === true) return decline(ARC.RESTRICTED_CARD, 'the account is blocked', withArpc);
    if (request.onlineBiometric !== undefined) {
      const fault = await checkBiometric(request.onlineBiometric, pan, data.input.unpredictableNumber, options.verifyOnlineBiometric);
      if (fault) return decline(fault.code, fault.reason, withArpc);
    }
    // Written so that a balance the caller set to NaN declines rather than approves.
    if (!(data.amount <= account.balance)) {
      return decline(ARC.INSUFFICIENT_FUNDS, `amount ${data.amount} exceeds the balance`, withArpc);
    }
    account.balance -= data.amount;
    approvals.set(`${card}:${data.input.atc}`, { amount: data.amount, reversed: false });
    return respond(true, ARC.APPROVED, `approved, amount ${data.amount}`, withArpc);
  }

  return {
    async authorise(request) {
      try {
        return await authorise(request);
      } catch (error) {
        // Defensive: parsing already turns bad data into declines; anything else is a host fault, not a crash.
        const code = error instanceof EmvError ? error.code : 'unexpected error';
        return decline(ARC.SYSTEM_MALFUNCTION, `issuer host fault (${code})`);
      }
    },
    async reverse(request) {
      const pan = typeof request?.pan === 'string' ? request.pan : '';
      const card = cardKey(pan, request?.panSequenceNumber);
      const account = accounts.get(card);
      const approval = approvals.get(`${card}:${String(request?.atc)}`);
      if (!account || !approval) return { reversed: false, reason: `no approval for card ${maskPan(pan)} ATC ${String(request?.atc)}` };
      if (approval.reversed) return { reversed: false, reason: `ATC ${String(request.atc)} was already reversed` };
      approval.reversed = true;
      account.balance += approval.amount;
      return { reversed: true, reason: `reversed ${approval.amount} (${String(request.reason).slice(0, 120)})` };
    },
    verifyOfflineCryptogram(iccData, pan, psn) {
      const parsed = parseIccData(iccData);
      if (!parsed.ok) return { valid: false, cryptogramType: 'AAC' };
      const { data } = parsed;
      try {
        const wrongDki = options.derivationKeyIndex !== undefined && data.derivationKeyIndex !== options.derivationKeyIndex;
        if (data.cryptogramVersion !== KART_CVN_01 || wrongDki) return { valid: false, cryptogramType: data.cryptogramType };
        const expected = applicationCryptogram(sessionKeyFor(pan, psn, data.input.atc), data.input);
        return { valid: sameBytes(expected, data.cryptogram), cryptogramType: data.cryptogramType };
      } catch {
        return { valid: false, cryptogramType: data.cryptogramType };
      }
    },
  };
}

interface ArpcBasis {
  readonly arqc: Uint8Array;
  readonly sk: Uint8Array;
}

function respond(approved: boolean, code: string, reason: string, arpc?: ArpcBasis): AuthorisationResponse {
  let issuerAuthenticationData = new Uint8Array(0);
  if (arpc) {
    // See EMV 4.4 Book 2, 8.2.1 and Book 3, Annex A (91: ARPC || ARC for Method 1).
    const arc = arcBytes(code);
    issuerAuthenticationData = new Uint8Array(10);
    issuerAuthenticationData.set(arpcMethod1(arpc.sk, arpc.arqc, arc), 0);
    issuerAuthenticationData.set(arc, 8);
  }
  return { approved, authorisationResponseCode: code, issuerAuthenticationData, reason };
}

function decline(code: string, reason: string, arpc?: ArpcBasis): AuthorisationResponse {
  return respond(false, code, `declined ${code}: ${reason}`, arpc);
}

async function checkBiometric(
  bvdt: Uint8Array,
  pan: string,
  unpredictableNumber: Uint8Array,
  verify: IssuerHostOptions['verifyOnlineBiometric'],
): Promise<{ code: string; reason: string } | undefined> {
  if (!(bvdt instanceof Uint8Array)) return { code: ARC.FORMAT_ERROR, reason: 'online biometric template is not bytes' };
  if (!verify) return { code: ARC.SYSTEM_MALFUNCTION, reason: 'online biometric received but no verifier is configured' };
  let outcome: string;
  try {
    outcome = await verify(bvdt, pan, { unpredictableNumber: unpredictableNumber.slice() });
  } catch {
    return { code: ARC.SYSTEM_MALFUNCTION, reason: 'the online biometric verifier failed' };
  }
  if (outcome === 'match') return undefined;
  if (outcome === 'no-match') return { code: ARC.SECURITY_VIOLATION, reason: 'online biometric does not match' };
  return { code: ARC.FORMAT_ERROR, reason: 'online biometric template is invalid' };
}

function checkDate(data: IccData, now: (() => Date) | undefined): string | undefined {
  if (!now) return undefined;
  const clock = now().getTime();
  const date = Date.parse(`${data.transactionDate}T00:00:00Z`);
  // The terminal's local date may be a day either side of the host's UTC date.
  if (date < clock - 2 * DAY_MS || date > clock + DAY_MS) {
    return `transaction date ${data.transactionDate} is too far from the host clock`;
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function cardKey(pan: string, psn: unknown): string {
  return `${pan}/${String(psn)}`;
}

/** A PAN for logs: first 6 and last 4 digits (the PCI DSS display rule). */
function maskPan(pan: string): string {
  return pan.length < 12 ? '(malformed PAN)' : `${pan.slice(0, 6)}${'*'.repeat(pan.length - 10)}${pan.slice(-4)}`;
}
