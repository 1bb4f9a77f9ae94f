import { EmvError } from '../errors.ts';
import { EmvCommands, VERIFY_P2 } from '../apdu/emv-commands.ts';
import { parseResponseApdu } from '../apdu/response-apdu.ts';
import { decodeTlv } from '../tlv/decode-tlv.ts';
import { findTlv } from '../tlv/find-tlv.ts';
import { TAG_9F17_PIN_TRY_COUNTER } from '../tlv/tags.ts';
import type { Transceiver } from '../transceiver.ts';
import { fingerCvm, type BiometricCardData, type BiometricVerifier } from './finger-cvm.ts';
import { CVM_CODE, CVM_CONDITION, CVM_NOT_PERFORMED, parseCvmList, type CvRule, type CvmList } from './cvm-list.ts';
import { TSI, emptyTsi } from './tsi.ts';
import { TVR, emptyTvr, setBit } from './tvr.ts';

/** What the PIN pad hands back: an 8-byte plaintext PIN block, or why there is none. */
export type PinEntry = Uint8Array | 'bypass' | 'unavailable';

/**
 * Asks the cardholder for the offline PIN. `triesLeft` is the card's PIN Try Counter when known (from GET DATA
 * 9F17 or a 63Cx answer); `attempt` counts from 1 within one CVM. The block is a secret: never log it.
 */
export type PinPad = (request: { readonly triesLeft: number | undefined; readonly attempt: number }) => Promise<PinEntry>;

export type {
  BiometricCardData,
  BiometricContext,
  BiometricCvmOutcome,
  BiometricKind,
  BiometricVerifier,
  CardBitGroup,
} from './finger-cvm.ts';

/** Kinds of transaction the CVM Condition Codes distinguish. */
export type CvmTransactionType = 'purchase' | 'cash' | 'purchase-with-cashback';

/** Terminal and transaction data cardholder verification needs. */
export interface CardholderVerificationConfig {
  /** CVM codes (CVM_CODE values) the terminal supports, i.e. its CVM capabilities (9F33 byte 2). */
  readonly supportedCvms: ReadonlySet<number>;
  /** Whether the terminal is unattended (from Terminal Type 9F35). */
  readonly unattended: boolean;
  readonly transactionType: CvmTransactionType;
  /** Amount, Authorised (9F02) in minor units of the transaction currency. */
  readonly amountAuthorised: number;
  /** Transaction Currency Code (5F2A), numeric ISO 4217. */
  readonly transactionCurrencyCode: number;
  /** Application Currency Code (9F42) from the card, when present. */
  readonly applicationCurrencyCode: number | undefined;
}

export interface CardholderVerificationInput {
  readonly config: CardholderVerificationConfig;
  /** Value of the CVM List (8E) read from the card; `undefined` when the card has none. */
  readonly cvmList: Uint8Array | undefined;
  readonly trx: Transceiver;
  readonly pinPad: PinPad;
  readonly biometricVerifier: BiometricVerifier;
  /** What earlier steps learnt for the finger CVMs (ICC key, 9F31); absent: no key, no bit group. */
  readonly biometric?: BiometricCardData;
  /** TVR and TSI so far (copied, not changed); all zero when absent. */
  readonly tvr?: Uint8Array;
  readonly tsi?: Uint8Array;
}

export interface CardholderVerificationResult {
  readonly ok: true;
  /** CVM Results (9F34): CVM performed (byte 1 of its rule), its condition, result 00 unknown / 01 failed / 02 successful. */
  readonly cvmResults: Uint8Array;
  readonly tvr: Uint8Array;
  readonly tsi: Uint8Array;
  /** A signature on the receipt is needed (signature CVM, or plaintext PIN and signature). */
  readonly signatureRequired: boolean;
  /** Finger online captured: the Biometric Verification Data Template for the authorisation request. */
  readonly onlineBiometric?: Uint8Array;
}

// See Book 4, Annex A4: CVM Results byte 3.
const RESULT_UNKNOWN = 0x00;
const RESULT_FAILED = 0x01;
const RESULT_SUCCESSFUL = 0x02;

/** The CVMs this kernel can perform; a code outside this set counts as not supported even if configured. */
const PERFORMABLE: ReadonlySet<number> = new Set([
  CVM_CODE.FAIL_CVM_PROCESSING,
  CVM_CODE.PLAINTEXT_PIN_BY_ICC,
  CVM_CODE.PLAINTEXT_PIN_BY_ICC_AND_SIGNATURE,
  CVM_CODE.FINGER_BIOMETRIC_OFFLINE,
  CVM_CODE.FINGER_BIOMETRIC_ONLINE,
  CVM_CODE.SIGNATURE,
  CVM_CODE.NO_CVM_REQUIRED,
]);

const RECOGNISED: ReadonlySet<number> = new Set(Object.values(CVM_CODE));

/** Outcome of performing one CVM: a CVM Results byte 3 and whether verification may stop here. */
interface Performed {
  readonly result: number;
  readonly successful: boolean;
  readonly signature: boolean;
  readonly onlineBiometric?: Uint8Array;
}

/** The most prompts for one PIN CVM: the PIN Try Counter's nibble in 63Cx cannot exceed 15. */
const MAX_PIN_PROMPTS = 15;

/**
 * Cardholder Verification: walks the CVM List in order, performs the first applicable CVM, and records the
 * outcome in CVM Results (9F34), the TVR and the TSI. A failed verification is recorded, not thrown; the decision
 * belongs to terminal action analysis. Throws `EMV_CVM_LIST_MALFORMED` for a malformed 8E, and whatever the
 * transceiver or PIN pad throws.
 * @remarks See EMV 4.4 Book 3, 10.5 (Cardholder Verification), 10.5.1 (Offline PIN Processing), Annex C3
 * (CV Rule format); Book 4, Annex A4 (CVM Results).
 */
export async function cardholderVerification(input: CardholderVerificationInput): Promise<CardholderVerificationResult> {
  const tvr = input.tvr ? Uint8Array.from(input.tvr) : emptyTvr();
  const tsi = input.tsi ? Uint8Array.from(input.tsi) : emptyTsi();
  const list = input.cvmList === undefined ? undefined : parseCvmList(input.cvmList);

  // See Book 3, 10.5: no CVM List (or one without CV Rules): 'ICC data missing', CVM Results 3F 00 00, and the
  // TSI bit 'cardholder verification was performed' stays clear.
  if (!list || list.rules.length === 0) {
    setBit(tvr, TVR.ICC_DATA_MISSING);
    return { ok: true, cvmResults: Uint8Array.of(CVM_NOT_PERFORMED, 0x00, 0x00), tvr, tsi, signatureRequired: false };
  }

  setBit(tsi, TSI.CARDHOLDER_VERIFICATION_PERFORMED);
  let lastFailed: Uint8Array | undefined;
  const fail = (cvmResults: Uint8Array): CardholderVerificationResult => {
    setBit(tvr, TVR.CARDHOLDER_VERIFICATION_NOT_SUCCESSFUL);
    return { ok: true, cvmResults, tvr, tsi, signatureRequired: false };
  };

  for (const rule of list.rules) {
    // See Book 3, 10.5: a rule whose condition is not satisfied (or not understood) is skipped.
    if (!conditionSatisfied(rule, list, input.config)) continue;

    let performed: Performed;
    if (!RECOGNISED.has(rule.cvmCode)) {
      // See Book 3, 10.5: unrecognised CVM code: set the TVR bit and treat the CVM as unsuccessful.
      setBit(tvr, TVR.UNRECOGNISED_CVM);
      performed = { result: RESULT_FAILED, successful: false, signature: false };
    } else if (!isSupported(rule.cvmCode, input.config)) {
      // See Book 3, 10.5: a CVM the terminal does not support is unsuccessful; a PIN CVM also sets 'PIN entry
      // required and PIN pad not present or not working' (10.5.1).
      if (isPlaintextPin(rule.cvmCode)) setBit(tvr, TVR.PIN_PAD_NOT_PRESENT_OR_NOT_WORKING);
      performed = { result: RESULT_FAILED, successful: false, signature: false };
    } else {
      performed = await perform(rule, input, tvr);
      const results = Uint8Array.of(rule.byte1, rule.condition, performed.result);
      if (performed.successful) {
        return {
          ok: true,
          cvmResults: results,
          tvr,
          tsi,
          signatureRequired: performed.signature,
          ...(performed.onlineBiometric ? { onlineBiometric: performed.onlineBiometric } : {}),
        };
      }
      lastFailed = results;
    }

    // See Book 3, 10.5 and Annex C3 (byte 1 b7): go on, or fail cardholder verification here.
    if (!rule.applySucceedingIfUnsuccessful) {
      return fail(lastFailed ?? Uint8Array.of(CVM_NOT_PERFORMED, 0x00, RESULT_FAILED));
    }
  }

  // See Book 3, 10.5: the end of the list without a successful CVM. CVM Results name the last CVM performed,
  // or 3F 00 01 when none was (Book 4, Annex A4).
  return fail(lastFailed ?? Uint8Array.of(CVM_NOT_PERFORMED, 0x00, RESULT_FAILED));
}

function isPlaintextPin(code: number): boolean {
  return code === CVM_CODE.PLAINTEXT_PIN_BY_ICC || code === CVM_CODE.PLAINTEXT_PIN_BY_ICC_AND_SIGNATURE;
}

function isSupported(code: number, config: CardholderVerificationConfig): boolean {
  return PERFORMABLE.has(code) && config.supportedCvms.has(code);
}

/** See Book 3, Annex C3, CV Rule byte 2. */
function conditionSatisfied(rule: CvRule, list: CvmList, config: CardholderVerificationConfig): boolean {
  const cash = config.transactionType === 'cash';
  const inAppCurrency =
    config.applicationCurrencyCode !== undefined && config.applicationCurrencyCode === config.transactionCurrencyCode;
  const amount = config.amountAuthorised;
  switch (rule.condition) {
    case CVM_CONDITION.ALWAYS:
      return true;
    case CVM_CONDITION.IF_UNATTENDED_CASH:
      return cash && config.unattended;
    case CVM_CONDITION.IF_NOT_UNATTENDED_CASH_NOT_MANUAL_CASH_NOT_CASHBACK:
      return !cash && config.transactionType !== 'purchase-with-cashback';
    case CVM_CONDITION.IF_TERMINAL_SUPPORTS_CVM:
      return RECOGNISED.has(rule.cvmCode) && isSupported(rule.cvmCode, config);
    case CVM_CONDITION.IF_MANUAL_CASH:
      return cash && !config.unattended;
    case CVM_CONDITION.IF_PURCHASE_WITH_CASHBACK:
      return config.transactionType === 'purchase-with-cashback';
    case CVM_CONDITION.IF_APP_CURRENCY_AND_UNDER_X:
      return inAppCurrency && amount < list.amountX;
    case CVM_CONDITION.IF_APP_CURRENCY_AND_OVER_X:
      return inAppCurrency && amount > list.amountX;
    case CVM_CONDITION.IF_APP_CURRENCY_AND_UNDER_Y:
      return inAppCurrency && amount < list.amountY;
    case CVM_CONDITION.IF_APP_CURRENCY_AND_OVER_Y:
      return inAppCurrency && amount > list.amountY;
    default:
      return false; // RFU or payment-system condition this terminal does not understand
  }
}

async function perform(rule: CvRule, input: CardholderVerificationInput, tvr: Uint8Array): Promise<Performed> {
  switch (rule.cvmCode) {
    case CVM_CODE.NO_CVM_REQUIRED:
      return { result: RESULT_SUCCESSFUL, successful: true, signature: false };
    case CVM_CODE.SIGNATURE:
      // See Book 4, Annex A4: the terminal cannot know the signature's outcome: result unknown.
      return { result: RESULT_UNKNOWN, successful: true, signature: true };
    case CVM_CODE.PLAINTEXT_PIN_BY_ICC:
    case CVM_CODE.PLAINTEXT_PIN_BY_ICC_AND_SIGNATURE: {
      const signature = rule.cvmCode === CVM_CODE.PLAINTEXT_PIN_BY_ICC_AND_SIGNATURE;
      const verified = await offlinePlaintextPin(input, tvr);
      if (!verified) return { result: RESULT_FAILED, successful: false, signature: false };
      return { result: signature ? RESULT_UNKNOWN : RESULT_SUCCESSFUL, successful: true, signature };
    }
    case CVM_CODE.FINGER_BIOMETRIC_OFFLINE:
    case CVM_CODE.FINGER_BIOMETRIC_ONLINE: {
      const finger = await fingerCvm(rule.cvmCode === CVM_CODE.FINGER_BIOMETRIC_ONLINE, input, tvr);
      return {
        result: finger.verified ? (finger.online ? RESULT_UNKNOWN : RESULT_SUCCESSFUL) : RESULT_FAILED,
        successful: finger.verified,
        signature: false,
        ...(finger.onlineBiometric ? { onlineBiometric: finger.onlineBiometric } : {}),
      };
    }
    default:
      // FAIL_CVM_PROCESSING, the only other performable code: See Book 3, Annex C3.
      return { result: RESULT_FAILED, successful: false, signature: false };
  }
}

/**
 * Offline plaintext PIN: read the PIN Try Counter, prompt, VERIFY, re-prompt on 63Cx while tries remain.
 * @remarks See EMV 4.4 Book 3, 10.5.1 and 6.5.12 (VERIFY).
 */
async function offlinePlaintextPin(input: CardholderVerificationInput, tvr: Uint8Array): Promise<boolean> {
  // See Book 3, 10.5.1: GET DATA 80 CA 9F 17 00 for the PIN Try Counter; a counter of 0 means the limit is
  // already exceeded and no PIN is asked for. A card that does not return it is not an error.
  let triesLeft = await readPinTryCounter(input.trx);
  if (triesLeft === 0) {
    setBit(tvr, TVR.PIN_TRY_LIMIT_EXCEEDED);
    return false;
  }
  for (let attempt = 1; attempt <= MAX_PIN_PROMPTS; attempt++) {
    const entry = await input.pinPad({ triesLeft, attempt });
    if (entry === 'unavailable') {
      setBit(tvr, TVR.PIN_PAD_NOT_PRESENT_OR_NOT_WORKING);
      return false;
    }
    if (entry === 'bypass') {
      setBit(tvr, TVR.PIN_NOT_ENTERED);
      return false;
    }
    if (entry.length !== 8 || entry[0]! >> 4 !== 0x2) {
      throw new EmvError('EMV_FORMAT_INVALID', 'the PIN pad must return an 8-byte plaintext PIN block (control field 2)');
    }
    // See Book 3, 6.5.12: VERIFY 00 20 00 80 08 <plaintext PIN block>.
    const response = parseResponseApdu(await input.trx(EmvCommands.verify(VERIFY_P2.PLAINTEXT_PIN, entry)));
    if (response.sw === 0x9000) return true;
    if (response.sw1 === 0x63 && (response.sw2 & 0xf0) === 0xc0) {
      // See Book 3, 10.5.1: 63Cx, x tries left; at 0 the limit is exceeded.
      triesLeft = response.sw2 & 0x0f;
      if (triesLeft === 0) break;
      continue;
    }
    if (response.sw === 0x6983 || response.sw === 0x6984) break; // See Book 3, 10.5.1: PIN blocked / counter 0
    return false; // any other status: this CVM is unsuccessful
  }
  setBit(tvr, TVR.PIN_TRY_LIMIT_EXCEEDED);
  return false;
}

async function readPinTryCounter(trx: Transceiver): Promise<number | undefined> {
  const response = parseResponseApdu(await trx(EmvCommands.getData(TAG_9F17_PIN_TRY_COUNTER)));
  if (response.sw !== 0x9000) return undefined;
  try {
    const counter = findTlv(decodeTlv(response.data), TAG_9F17_PIN_TRY_COUNTER);
    return counter?.value.length === 1 ? counter.value[0] : undefined;
  } catch (error) {
    if (error instanceof EmvError) return undefined;
    throw error;
  }
}
