/**
 * The bench's card issuer for payments: Kart's reference issuer host (`issuer/issuer-host.ts`) in process, under
 * the TEST IMK-AC, with an account for each payment card the bench issues. The host takes its accounts at creation,
 * and cards are issued all day long, so the bench keeps one host per card (each with its own ATC history, as the
 * one host would) and hands each request to its card's host; a PAN the bench never issued gets the host's own
 * "invalid card number" (14). Balances are debited in place: `accounts` shows them.
 */
import {
  createIssuerHost, type AuthorisationRequest, type AuthorisationResponse, type IssuerAccount, type IssuerHost, type ReversalRequest, type ReversalResponse,
} from '../../issuer/issuer-host.ts';
import { KART_TEST_DERIVATION_KEY_INDEX, KART_TEST_ISSUER_MASTER_KEY_AC } from '../../issuer/test-issuer.ts';
import type { IssuerConnection } from '../../terminal/payment/pay-by-card.ts';

export interface BenchIssuer extends IssuerConnection {
  /** Every account opened, in order (balances as they are now). */
  readonly accounts: readonly IssuerAccount[];
  /** Every authorisation request received, in order (PAN, PSN, field 55; no biometric data kept). */
  readonly requests: readonly { readonly pan: string; readonly panSequenceNumber: number; readonly approved: boolean; readonly code: string }[];
  /** Opens the account of a new payment card with `balance` (minor units, piastres). */
  open(pan: string, panSequenceNumber: number, balance: number): IssuerAccount;
  /** Undoes an online approval the counter could not complete (the card's own host). */
  reverse(request: ReversalRequest): Promise<ReversalResponse>;
  /** Clearing: checks an offline cryptogram (a TC) of a card the bench issued. */
  verifyOfflineCryptogram: IssuerHost['verifyOfflineCryptogram'];
}

/** A bench issuer with no accounts yet; `now` is the host's clock (transaction dates are checked against it). */
export function createBenchIssuer(options: { readonly now: () => number }): BenchIssuer {
  const base = { issuerMasterKey: KART_TEST_ISSUER_MASTER_KEY_AC, derivationKeyIndex: KART_TEST_DERIVATION_KEY_INDEX, now: () => new Date(options.now()) };
  const hosts = new Map<string, IssuerHost>();
  const nobody = createIssuerHost({ ...base, accounts: [] });
  const accounts: IssuerAccount[] = [];
  const requests: { pan: string; panSequenceNumber: number; approved: boolean; code: string }[] = [];
  const key = (pan: string, psn: number): string => `${pan}/${psn}`;
  const hostOf = (pan: string, psn: number): IssuerHost => hosts.get(key(pan, psn)) ?? nobody;
  return {
    accounts,
    requests,
    open(pan, panSequenceNumber, balance) {
      const account: IssuerAccount = { pan, panSequenceNumber, balance };
      // Validates the PAN, PSN and balance (EMV_FORMAT_INVALID); refuses a card opened twice.
      const host = createIssuerHost({ ...base, accounts: [account] });
      if (hosts.has(key(pan, panSequenceNumber))) throw new RangeError(`an account for this card (PSN ${panSequenceNumber}) is already open`);
      hosts.set(key(pan, panSequenceNumber), host);
      accounts.push(account);
      return account;
    },
    async authorise(request: AuthorisationRequest): Promise<AuthorisationResponse> {
      const response = await hostOf(request.pan, request.panSequenceNumber).authorise(request);
      requests.push({ pan: request.pan, panSequenceNumber: request.panSequenceNumber, approved: response.approved, code: response.authorisationResponseCode });
      return response;
    },
    verifyOfflineCryptogram: (iccData, pan, psn) => hostOf(pan, psn).verifyOfflineCryptogram(iccData, pan, psn),
    reverse: (request: ReversalRequest): Promise<ReversalResponse> => hostOf(request.pan, request.panSequenceNumber).reverse(request),
  };
}
