/**
 * A household's cards at several offline terminals over several days: each terminal applies the rules engine with
 * only its local view (the card's counters and its own tallies), and the totals granted are compared day by day
 * with the legal maximum. Used by the over-draw property suite.
 */
import { daysIn, firstDayOf, monthOf } from '../../../terminal/auth/calendar.ts';
import { aheadDays } from '../../../terminal/auth/bread-rules.ts';
import { overdrawBound } from '../../../terminal/auth/overdraw-bound.ts';
import type { Parameters } from '../../../terminal/auth/parameters.ts';
import { authorize } from '../../../terminal/auth/rules-engine.ts';
import type { AuthRequest, Usage } from '../../../terminal/auth/auth-types.ts';
import type { ItemLine } from '../../../terminal/schemas/service.ts';
import type { SeededRandom } from '../../../terminal/journal/seeded-random.ts';
import { addDebit, emptyUsage } from '../../../terminal/auth/usage.ts';
import { card, context } from './auth-fixtures.ts';

export interface Scenario {
  readonly beneficiaries: number;
  readonly entitledCards: number;
  readonly terminals: number;
  readonly startDay: number;
  readonly days: number;
  readonly pointsCredit: number;
}

export interface Violation {
  readonly what: string;
  readonly scenario: Scenario;
  readonly granted: number;
  readonly legal: number;
  readonly bound: number;
}

/** A random scenario: 1–10 beneficiaries, 1 to all entitled, 1 to E terminals, 1–10 days inside one month. */
export function randomScenario(rng: SeededRandom): Scenario {
  const beneficiaries = 1 + rng.int(10);
  const entitledCards = 1 + rng.int(beneficiaries);
  const days = 1 + rng.int(10);
  const month = 2024 * 12 + rng.int(36);
  // A third of the windows open on the 1st, where the household's collect-ahead limits bind hardest.
  const startDay = firstDayOf(month) + (rng.int(3) === 0 ? 0 : rng.int(daysIn(month) - days + 1));
  return { beneficiaries, entitledCards, terminals: 1 + rng.int(entitledCards), startDay, days, pointsCredit: rng.int(3) * 700 };
}

interface Terminal {
  household?: Usage;
  cards: Map<number, Usage>;
  transactions: number;
  value: number;
}

function randomRequest(rng: SeededRandom, params: Parameters, beneficiaries: number, today: number): AuthRequest {
  if (rng.int(3) < 2) {
    const s = params.bread.loavesPerBeneficiaryPerDay * beneficiaries;
    return { service: 'bread', loaves: 1 + rng.int(aheadDays(params.bread, beneficiaries, today) * s + 5) };
  }
  const catalogue = params.ration.catalogue;
  const lines: ItemLine[] = catalogue.filter(() => rng.int(2) === 0).map((it) => [it.code, 1 + rng.int(7)]);
  const points = rng.int(3) === 0 ? 'none' : 'first';
  return { service: 'ration', lines: lines.length > 0 ? lines : [[catalogue[0]!.code, 1]], points, allowPartial: rng.int(4) > 0 };
}

/**
 * Runs one scenario under `policy` and checks every total against the bound of `boundParams` (normally the same
 * parameters); returns the violations found (none when the policy keeps its bound).
 */
export function simulate(rng: SeededRandom, policy: Parameters, boundParams: Parameters, sc: Scenario): Violation[] {
  const terminals: Terminal[] = Array.from({ length: sc.terminals }, () => ({ cards: new Map(), transactions: 0, value: 0 }));
  const cardUsage: Usage[] = Array.from({ length: sc.entitledCards }, () => emptyUsage(sc.startDay));
  const month = monthOf(sc.startDay);
  const s = policy.bread.loavesPerBeneficiaryPerDay * sc.beneficiaries;
  const granted = { loaves: 0, ration: 0, points: 0, items: new Map<number, number>() };
  const violations: Violation[] = [];
  let legal = 0;
  const legalSlots = new Array<number>(daysIn(month)).fill(0);
  for (let n = 1; n <= sc.days; n++) {
    const today = sc.startDay + n - 1;
    // Arrivals: each card 0–3 visits, in a random order across the terminals.
    const visits: number[] = [];
    for (let c = 0; c < sc.entitledCards; c++) for (let v = rng.int(4); v > 0; v--) visits.push(c);
    for (let i = visits.length - 1; i > 0; i--) {
      const j = rng.int(i + 1);
      [visits[i], visits[j]] = [visits[j]!, visits[i]!];
    }
    for (const c of visits) {
      const terminal = terminals[rng.int(sc.terminals)]!;
      const ask = (request: AuthRequest) => authorize({
        params: policy,
        card: card({
          beneficiaries: sc.beneficiaries, entitledCards: sc.entitledCards, usage: cardUsage[c]!,
          notAfter: sc.startDay + 1000, points: { month, creditPiastres: sc.pointsCredit },
        }),
        context: context({
          today, online: false, offline: { hoursSinceSync: 1, transactions: terminal.transactions, valuePiastres: terminal.value },
          ...(terminal.household ? { localHousehold: terminal.household } : {}),
          ...(terminal.cards.has(c) ? { localCard: terminal.cards.get(c)! } : {}),
        }),
        verification: { verified: true, method: 'fingerprint' },
        blocklisted: false,
        request,
      });
      let decision = ask(randomRequest(rng, policy, sc.beneficiaries, today));
      // A greedy customer takes the loaves offered instead when asking too many.
      const offered = decision.ok ? 0 : (decision.reason.maxLoaves ?? 0);
      if (offered > 0) decision = ask({ service: 'bread', loaves: offered });
      if (!decision.ok) continue;
      const d = decision.debit;
      if (!decision.ledgerEntry.offline || decision.ledgerEntry.day !== today) throw new Error('offline approval without its ledger facts');
      cardUsage[c] = addDebit(cardUsage[c], d, today);
      terminal.household = addDebit(terminal.household, d, today);
      terminal.cards.set(c, addDebit(terminal.cards.get(c), d, today));
      terminal.transactions += 1;
      terminal.value += d.valuePiastres;
      granted.loaves += d.loaves;
      granted.ration += d.entitlementPiastres;
      granted.points += d.pointsPiastres;
      for (const [code, q] of d.items) granted.items.set(code, (granted.items.get(code) ?? 0) + q);
    }
    // The legal maximum by today: a household collecting every day all the rules allow (its whole window).
    const k = aheadDays(policy.bread, sc.beneficiaries, today);
    const dom = today - firstDayOf(month) + 1;
    for (let i = dom - 1; i < dom - 1 + k; i++) {
      legal += s - legalSlots[i]!;
      legalSlots[i] = s;
    }
    const bound = overdrawBound(boundParams, sc, n, sc.pointsCredit);
    const check = (what: string, got: number, allowed: number, slack: number): void => {
      if (got - allowed > slack) violations.push({ what, scenario: sc, granted: got, legal: allowed, bound: slack });
    };
    check('bread', granted.loaves, legal, bound.breadLoaves);
    check('ration', granted.ration, policy.ration.monthlyPiastresPerBeneficiary * sc.beneficiaries, bound.rationPiastres);
    check('points', granted.points, sc.pointsCredit, bound.pointsPiastres);
    for (const item of policy.ration.catalogue) {
      const cap = Math.min(item.capPerPerson * sc.beneficiaries, item.capPerCard);
      check(`item ${item.code}`, granted.items.get(item.code) ?? 0, cap, bound.itemUnits.get(item.code)!);
    }
  }
  return violations;
}
