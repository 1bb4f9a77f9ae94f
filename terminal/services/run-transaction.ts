/**
 * One transaction on the unified card, end to end, shared by the bakery, the grocer and the health unit:
 *
 * accept card → SELECT and READ DATA → authenticate (chain + INTERNAL AUTHENTICATE) → the card's log (complete
 * this terminal's torn sale, report a foreign one) → gate: status, expiry, blocklist, service (before the card's
 * date is moved) → SET DATE (never backwards: 9D07 is CARD_DATE_AHEAD) → READ DATA BF45 (today's counters) →
 * pre-check with the rules engine (no one is asked for a finger for a sale that cannot be granted) → cardholder
 * verification → authorize (online with the ledger's view, else offline) → intent journaled → DEBIT → proof
 * verified → approval journaled and fdatasync'd → only then returned.
 *
 * Declines are journaled and returned with their code and messages; faults are thrown. The AbortSignal reaches every
 * wait (card, devices, ledger lookup).
 */
import type { Approval, CardData, Decision, ServiceName, TerminalContext, VerificationResult } from '../auth/auth-types.ts';
import type { DeclineCode } from '../auth/decline-codes.ts';
import { authorize } from '../auth/rules-engine.ts';
import { emptyUsage } from '../auth/usage.ts';
import { HalError } from '../hal/errors.ts';
import { SERVICE } from '../schemas/service.ts';
import { authenticateCard } from './authenticate-card.ts';
import { checkCardLog, foreignKey, isForeignRecent } from './card-log-check.ts';
import { parametersForCard, usageOfCard } from './card-counters.ts';
import { checkProof, debitCard } from './debit-card.ts';
import { GovApdu } from './gov-apdu.ts';
import type { GovCardChannel } from './gov-card-channel.ts';
import { govCardChannel } from './gov-card-channel.ts';
import type { HouseholdView, LedgerLookup } from './ledger-view.ts';
import { LocalTallies } from './local-tallies.ts';
import { readCardCounters, readGovCard } from './read-gov-card.ts';
import { approveSale, cvmOf, declineSale } from './sale-records.ts';
import type { SaleContext } from './sale-records.ts';
import { declineForCardStatus } from './service-declines.ts';
import type { TransactionConfig, TransactionOptions, TransactionRequest, TransactionResult } from './transaction-types.ts';
import { verifyCardholder } from './verify-cardholder.ts';
import type { HouseholdSet } from '../legacy/legacy-acceptance.ts';
import { LocalSwitches } from '../legacy/local-switches.ts';
import { readLegacyCard } from '../legacy/read-legacy-card.ts';
import { sellOnLegacyCard } from './legacy-sale.ts';

/** Declines of the engine's steps 1 to 5 (card and service): decided before the card's date is moved. */
const GATE_CODES: ReadonlySet<DeclineCode> = new Set([
  'CARD_NOT_GENUINE', 'CARD_BLOCKED', 'CARD_DESTROYED', 'LEGACY_CARD_SWITCHED', 'CARD_EXPIRED', 'NOT_ON_THIS_CARD', 'SERVICE_INACTIVE',
]);
const SERVICE_NUMBER = { bread: SERVICE.BREAD, ration: SERVICE.RATION, health: SERVICE.HEALTH } as const;
/** A stand-in verification for the checks made before the cardholder is asked. */
const PROVISIONAL: VerificationResult = { verified: true, method: 'pin' };

/** Runs transactions for one terminal; holds its local tallies. */
export interface TransactionRunner {
  run(request: TransactionRequest, options?: TransactionOptions): Promise<TransactionResult>;
  readonly tallies: LocalTallies;
  /** The households this terminal has itself switched to the unified card (bread or ration approvals). */
  readonly localSwitches: LocalSwitches;
}

const NO_HOUSEHOLDS: HouseholdSet = { has: () => false };

/** The local calendar day of `ms` at `offsetMinutes` from UTC. */
export function localDay(ms: number, offsetMinutes: number): number {
  return Math.floor((ms + offsetMinutes * 60_000) / 86_400_000);
}

export function createTransactionRunner(config: TransactionConfig): TransactionRunner {
  const tallies = config.tallies ?? new LocalTallies();
  const localSwitches = config.localSwitches ?? new LocalSwitches();
  const reported = new Set<string>();

  async function serve(channel: GovCardChannel, transceive: Parameters<TransactionConfig['devices']['fingerprint']>[0], request: TransactionRequest): Promise<TransactionResult> {
    const nowMs = (config.clock ?? Date.now)();
    const today = localDay(nowMs, config.utcOffsetMinutes ?? 120);
    const ctx: SaleContext = {
      config, tallies, nowMs, today, service: SERVICE_NUMBER[request.service], cardId: null, householdId: null, online: false,
      cvm: 0, supervisorCardId: null, items: request.service === 'ration' ? request.lines : [], verification: [], warnings: [],
    };
    const file = await readGovCard(channel);
    if (!file) {
      // Not a unified card: an old ration card during the transition (LEGACY.md), or nothing this terminal serves.
      const old = await readLegacyCard(transceive);
      if (old.ok) return sellOnLegacyCard(ctx, transceive, old.value, request, { switched: config.switchedHouseholds ?? NO_HOUSEHOLDS, local: localSwitches });
      return declineSale(ctx, 'APP_NOT_ON_CARD');
    }
    ctx.cardId = file.cardId;
    ctx.householdId = file.householdId;
    const auth = await authenticateCard(channel, {
      trustedCas: config.trustedCas, today, cardId: file.cardId,
      ...(config.revokedKeyIds ? { revokedKeyIds: config.revokedKeyIds } : {}), ...(config.random ? { random: config.random } : {}),
    });
    if (!auth.ok) return declineSale(ctx, 'CARD_NOT_GENUINE', { authFailure: auth.reason });

    // The card's log: this terminal's torn sale is completed from it; a recent foreign debit is reported.
    const log = await checkCardLog(channel, auth.card, config.terminalId, config.journal.pendingFor(file.cardId));
    if (log.pending && 'found' in log.pending) {
      const { intent, found } = log.pending;
      const proof = checkProof(found.bytes, intent, config.terminalId, auth.card);
      Object.assign(ctx, { online: intent.online, cvm: intent.cvm, supervisorCardId: intent.supervisorCardId });
      return approveSale(ctx, intent, found.bytes, proof, { recovered: true });
    }
    if (log.pending) await config.journal.settleIntent(log.pending.intent, log.pending.settled, nowMs);
    if (isForeignRecent(log.last, config.terminalId, today) && !reported.has(foreignKey(log.last.proof))) {
      await config.journal.appendForeignDebit(log.last.bytes, nowMs);
      reported.add(foreignKey(log.last.proof));
    }

    const lookup = await lookupHousehold(file.householdId, channel.signal);
    ctx.online = lookup.online;
    const view: HouseholdView | undefined = lookup.online ? lookup.view : lookup.cached;
    const services: CardData['services'] = {};
    for (const [name, day] of Object.entries(file.services) as [ServiceName, number][]) services[name] = { activeFrom: day };
    let card: CardData = {
      cardId: file.cardId, householdId: file.householdId, genuine: true, kind: 'unified', status: file.status,
      notAfter: Math.min(file.expiry, auth.card.notAfter), services, beneficiaries: file.beneficiaries,
      // Unknown households: every beneficiary counted as an entitled card, the most a household can hold, so the
      // offline share never exceeds a card's true share (OFFLINE.md).
      entitledCards: view?.entitledCards ?? file.beneficiaries,
      points: { month: 0, creditPiastres: 0 }, usage: emptyUsage(today),
    };
    const context = (): TerminalContext => ({
      today, online: lookup.online, offline: tallies.offline(config.ledger?.lastSyncMs() ?? 0, nowMs),
      ...(view ? { ledger: view.usage } : {}),
      ...(tallies.household(file.householdId) ? { localHousehold: tallies.household(file.householdId)! } : {}),
      ...(tallies.card(file.cardId) ? { localCard: tallies.card(file.cardId)! } : {}),
      householdSwitched: view?.switched ?? false,
    });
    const decide = (verification: VerificationResult, params = config.params): Decision =>
      authorize({ params, card, context: context(), verification, blocklisted: config.blocklist.has(file.cardId), request });

    const gate = decide(PROVISIONAL);
    ctx.warnings = gate.warnings;
    if (!gate.ok && GATE_CODES.has(gate.reason.code)) return declineSale(ctx, gate.outcome, { reason: gate.reason });

    // See COMMANDS.md, SET DATE: the card refuses a date before the last it accepted (9D07).
    const setDate = await channel.send(GovApdu.setDate(today), 'SET DATE');
    if (setDate.sw !== 0x9000) return declineSale(ctx, declineForCardStatus(setDate.sw), { cardSw: setDate.sw });
    const { counters, rules } = await readCardCounters(channel);
    if (request.service === 'ration' && !counters.rationLoaded) return declineSale(ctx, 'ENTITLEMENT_NOT_LOADED');
    const params = parametersForCard(config.params, rules, counters);
    card = { ...card, usage: usageOfCard(counters, today), points: { month: counters.month, creditPiastres: counters.pointsPiastres } };
    const pre = decide(PROVISIONAL, params);
    if (!pre.ok) return declineSale(ctx, pre.outcome, { reason: pre.reason });

    const cvm = await verifyCardholder(
      channel,
      { fingerprint: config.devices.fingerprint(transceive), pinEntry: config.devices.pinEntry, ...(config.devices.supervisor ? { supervisor: config.devices.supervisor } : {}) },
      { policy: params.verification, cashierCardId: config.cashierCardId, supervisedToday: tallies.supervisedOn(today), ...(config.inputTimeoutMs ? { inputTimeoutMs: config.inputTimeoutMs } : {}) },
    );
    ctx.verification = cvm.events;
    if (cvm.result.verified) {
      ctx.cvm = cvmOf(cvm.result.method);
      if (cvm.result.method === 'supervised') {
        ctx.supervisorCardId = cvm.result.supervisorCardId;
        tallies.noteSupervised(today);
      }
    }
    const decision = decide(cvm.result, params);
    if (!decision.ok) return declineSale(ctx, decision.outcome, { reason: decision.reason, ...(cvm.referral ? { referral: cvm.referral } : {}) });
    return debitCard(ctx, channel, auth.card, decision as Approval, log.lastAtc);
  }

  async function lookupHousehold(householdId: Uint8Array, signal: AbortSignal | undefined): Promise<LedgerLookup> {
    if (!config.ledger) return { online: false, cached: undefined };
    try {
      return await config.ledger.lookup(householdId, { ...(signal ? { signal } : {}), timeoutMs: config.ledgerTimeoutMs ?? 1500 });
    } catch (error) {
      if (signal?.aborted || !(error instanceof HalError)) throw error;
      return { online: false, cached: undefined }; // the network failed: decide offline, never wait
    }
  }

  return {
    tallies,
    localSwitches,
    async run(request, options = {}) {
      const session = await config.terminal.acceptCard({
        ...(options.signal ? { signal: options.signal } : {}), ...(options.cardTimeoutMs !== undefined ? { timeoutMs: options.cardTimeoutMs } : {}),
      });
      try {
        const result = await serve(govCardChannel(session.transceive, options.signal), session.transceive, request);
        // A unified bread or ration approval switches the household: its old card is refused here from now on.
        if (result.ok && result.receipt.cardKind === 'unified') localSwitches.noteUnifiedSale(result.receipt.householdId, result.receipt.service);
        return result;
      } finally {
        await session.close('leave').catch(() => undefined);
      }
    },
  };
}
