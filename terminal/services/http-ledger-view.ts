/**
 * `LedgerView` over HTTP to the reference ledger (`ledger/server.ts`): `GET /v1/households/{id}/usage?day=N`. The
 * uplink contract (terminal/hal/uplink.ts) carries batches and downloads only, so this view makes its own short
 * exchange to the same ledger base URL. The answer is a COSE_Sign1 by the ledger key (the key the acknowledgements
 * are verified with) over `usageAnswer` (below): a view is trusted for its signature, not for the channel, and it
 * must name the household and day asked.
 *
 * The customer never waits on the network: one fresh connection, an overall deadline of
 * `min(timeoutMs asked, maxTimeoutMs)`, a 64 KiB cap, and on any fault (refused, timeout, cut, HTTP error, bad
 * signature or shape) the lookup answers offline with the view cached from the last answer for that household.
 * The fault is kept, typed, in `lastFault` (`HAL_NETWORK`, `HAL_TIMEOUT`, `HAL_DISCONNECTED`, `HAL_UPLINK_STATUS`,
 * `HAL_UPLINK_RESPONSE_TOO_LARGE`, `HAL_FRAME_MALFORMED`). Only a canceled lookup throws (`HAL_CANCELED`).
 */
import type { Usage } from '../auth/auth-types.ts';
import { decodeCbor, encodeCbor, type CborValue } from '../codec/cbor.ts';
import { HalError } from '../hal/errors.ts';
import { httpExchange } from '../hal/http/http-exchange.ts';
import { idToHex } from '../schemas/card-id.ts';
import { verifyCoseSign1 } from '../sync/cose-sign1.ts';
import type { HouseholdView, LedgerLookup, LedgerView } from './ledger-view.ts';

/** What the ledger signs: `[1, householdId, day, asOfMs, known, view or null]`. */
export interface UsageAnswer {
  readonly householdId: Uint8Array;
  /** The day asked (days since 1970-01-01): daily counters are of this day, monthly ones of its month. */
  readonly day: number;
  /** The ledger's clock when it answered, ms. */
  readonly asOfMs: number;
  /** Undefined when the ledger knows nothing of the household. */
  readonly view: HouseholdView | undefined;
}

const usageToCbor = (u: Usage): CborValue[] => [
  u.month, u.loaves, [...u.breadTaken], u.rationPiastres, u.pointsPiastres, u.items.map(([c, q]) => [c, q]), u.day, u.loavesToday, u.transactionsToday,
];

/** Deterministic CBOR of a usage answer (the ledger signs it). */
export function encodeUsageAnswer(a: UsageAnswer): Uint8Array {
  const view = a.view ? [usageToCbor(a.view.usage), a.view.entitledCards, a.view.switched] : null;
  return encodeCbor([1, a.householdId, a.day, a.asOfMs, view]);
}

const isUint = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

function uints(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every(isUint)) throw new HalError('HAL_FRAME_MALFORMED', `usage answer: ${what} is not a list of integers`);
  return v as number[];
}

/** A usage answer from its CBOR; throws `HAL_FRAME_MALFORMED` for anything else. */
export function decodeUsageAnswer(bytes: Uint8Array): UsageAnswer {
  let raw: unknown;
  try {
    raw = decodeCbor(bytes);
  } catch (error) {
    throw new HalError('HAL_FRAME_MALFORMED', 'usage answer is not CBOR', { cause: error });
  }
  const bad = (what: string) => new HalError('HAL_FRAME_MALFORMED', `usage answer: ${what}`);
  if (!Array.isArray(raw) || raw.length !== 5 || raw[0] !== 1) throw bad('expected [1, household, day, asOfMs, view]');
  const [, householdId, day, asOfMs, view] = raw as unknown[];
  if (!(householdId instanceof Uint8Array) || householdId.length !== 8 || !isUint(day) || !isUint(asOfMs)) throw bad('bad household, day or time');
  if (view === null) return { householdId, day, asOfMs, view: undefined };
  if (!Array.isArray(view) || view.length !== 3 || !isUint(view[1]) || typeof view[2] !== 'boolean') throw bad('bad view');
  const u = view[0] as unknown[];
  if (!Array.isArray(u) || u.length !== 9) throw bad('bad usage');
  const n = uints([u[0], u[1], u[3], u[4], u[6], u[7], u[8]], 'counters');
  const items = (Array.isArray(u[5]) ? u[5] : [null]).map((line) => uints(line, 'item line'));
  if (items.some((line) => line.length !== 2)) throw bad('bad item line');
  const usage: Usage = {
    month: n[0]!, loaves: n[1]!, breadTaken: uints(u[2], 'breadTaken'), rationPiastres: n[2]!, pointsPiastres: n[3]!,
    items: items.map(([c, q]) => [c!, q!] as const), day: n[4]!, loavesToday: n[5]!, transactionsToday: n[6]!,
  };
  return { householdId, day, asOfMs, view: { usage, entitledCards: view[1] as number, switched: view[2] as boolean } };
}

export interface HttpLedgerViewOptions {
  /** Base URL of the ledger, e.g. `http://127.0.0.1:8080` (the uplink's). */
  readonly baseUrl: string;
  /** The ledger's public key (SPKI DER), as for acknowledgements. */
  readonly ledgerPublicKey: Uint8Array;
  /** Longest wait whatever a caller asks, ms (default 1 500). */
  readonly maxTimeoutMs?: number;
  /** Time of the last successful sync (the sync engine's); default: the last answer of this view. */
  readonly lastSyncMs?: () => number;
  /** Terminal clock, ms (default `Date.now`), and its UTC offset in minutes (default 120) for the day asked. */
  readonly now?: () => number;
  readonly utcOffsetMinutes?: number;
  /** Households whose last view is kept for offline lookups (default 10 000; the oldest goes first). */
  readonly maxCached?: number;
}

export class HttpLedgerView implements LedgerView {
  readonly #o: HttpLedgerViewOptions;
  readonly #cache = new Map<string, HouseholdView>();
  #lastAnswerMs = 0;
  /** The last fault that turned a lookup offline, typed (undefined after a good answer). */
  lastFault: HalError | undefined;

  constructor(options: HttpLedgerViewOptions) {
    this.#o = options;
  }

  lastSyncMs(): number {
    return this.#o.lastSyncMs ? this.#o.lastSyncMs() : this.#lastAnswerMs;
  }

  async lookup(householdId: Uint8Array, options: { readonly signal?: AbortSignal; readonly timeoutMs: number }): Promise<LedgerLookup> {
    const key = idToHex(householdId);
    const canceled = () => new HalError('HAL_CANCELED', 'ledger lookup canceled', { cause: options.signal?.reason });
    if (options.signal?.aborted) throw canceled();
    const nowMs = (this.#o.now ?? Date.now)();
    const day = Math.floor((nowMs + (this.#o.utcOffsetMinutes ?? 120) * 60_000) / 86_400_000);
    const timeoutMs = Math.max(1, Math.min(options.timeoutMs, this.#o.maxTimeoutMs ?? 1500));
    try {
      const body = await get(new URL(`/v1/households/${key}/usage?day=${day}`, this.#o.baseUrl), timeoutMs, options.signal);
      const verified = verifyCoseSign1(body, this.#o.ledgerPublicKey);
      if (!verified.ok) throw new HalError('HAL_FRAME_MALFORMED', 'usage answer: ledger signature does not verify');
      const answer = decodeUsageAnswer(verified.payload);
      if (idToHex(answer.householdId) !== key || answer.day !== day) throw new HalError('HAL_FRAME_MALFORMED', 'usage answer is for another household or day');
      this.#lastAnswerMs = nowMs;
      this.lastFault = undefined;
      if (answer.view) this.#remember(key, answer.view);
      return { online: true, view: answer.view };
    } catch (error) {
      if (options.signal?.aborted) throw canceled();
      this.lastFault = error instanceof HalError ? error : new HalError('HAL_FRAME_MALFORMED', `usage answer refused: ${(error as Error).message}`, { cause: error });
      return { online: false, cached: this.#cache.get(key) };
    }
  }

  #remember(key: string, view: HouseholdView): void {
    this.#cache.delete(key);
    this.#cache.set(key, view);
    if (this.#cache.size > (this.#o.maxCached ?? 10_000)) this.#cache.delete(this.#cache.keys().next().value!);
  }
}

/** One GET with an overall deadline; typed faults, and any answer but 200 is `HAL_UPLINK_STATUS`. */
async function get(url: URL, timeoutMs: number, signal: AbortSignal | undefined): Promise<Uint8Array> {
  const answer = await httpExchange({ url, method: 'GET', maxBytes: 64 * 1024, timeoutMs, what: 'ledger lookup', ...(signal ? { signal } : {}) });
  if (answer.status !== 200) throw new HalError('HAL_UPLINK_STATUS', `ledger lookup: HTTP ${answer.status}`);
  return answer.body;
}
