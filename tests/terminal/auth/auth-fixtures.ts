/** Builders for the decision core's suites: a card, a terminal context and an input, each overridable. */
import { isoDay, monthOf } from '../../../terminal/auth/calendar.ts';
import { DEFAULT_PARAMETERS } from '../../../terminal/auth/parameters.ts';
import type { Parameters } from '../../../terminal/auth/parameters.ts';
import type { AuthInput } from '../../../terminal/auth/rules-engine.ts';
import type { AuthRequest, CardData, TerminalContext, Usage } from '../../../terminal/auth/auth-types.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';

/** 2025-03-15, a mid-month day (day 15 of 31). */
export const TODAY = isoDay('2025-03-15');

export const CARD_ID = Uint8Array.of(0x50, 0x12, 0x34, 0x56, 0x78, 0x90, 0x12, 0x34);
export const HOUSEHOLD_ID = Uint8Array.of(0x48, 0, 0, 0, 0, 0, 0, 0x07);
export const SUPERVISOR_ID = Uint8Array.of(0x53, 0, 0, 0, 0, 0, 0, 0x01);

/** A month's `breadTaken` with loaves on the given days of the month. */
export function taken(...days: (readonly [dayOfMonth: number, loaves: number])[]): number[] {
  const slots = new Array<number>(31).fill(0);
  for (const [dom, n] of days) slots[dom - 1] = n;
  return slots;
}

/** Usage on `day` with the given counters. */
export function usage(day: number, counters: Partial<Usage> = {}): Usage {
  return { ...emptyUsage(day), ...counters };
}

export function card(overrides: Partial<CardData> = {}): CardData {
  return {
    cardId: CARD_ID,
    householdId: HOUSEHOLD_ID,
    genuine: true,
    kind: 'unified',
    status: 'active',
    notAfter: TODAY + 400,
    services: { bread: { activeFrom: TODAY - 100 }, ration: { activeFrom: TODAY - 100 }, health: { activeFrom: TODAY - 100 } },
    beneficiaries: 4,
    entitledCards: 1,
    points: { month: monthOf(TODAY), creditPiastres: 0 },
    usage: emptyUsage(TODAY),
    ...overrides,
  };
}

export function context(overrides: Partial<TerminalContext> = {}): TerminalContext {
  return {
    today: TODAY,
    online: true,
    offline: { hoursSinceSync: 0, transactions: 0, valuePiastres: 0 },
    householdSwitched: false,
    ...overrides,
  };
}

export function input(request: AuthRequest, overrides: Partial<Omit<AuthInput, 'request'>> = {}): AuthInput {
  return {
    params: DEFAULT_PARAMETERS,
    card: card(),
    context: context(),
    verification: { verified: true, method: 'fingerprint' },
    blocklisted: false,
    request,
    ...overrides,
  };
}

/** Parameters with some fields replaced. */
export function params(patch: (p: Parameters) => Parameters): Parameters {
  return patch(DEFAULT_PARAMETERS);
}
