/**
 * Ration goods: `monthlyPiastresPerBeneficiary × beneficiaries` a month (the household's balance R), spent on
 * the month's catalogue at subsidized prices, with caps per item: `min(capPerPerson × beneficiaries,
 * capPerCard)` units a month for the household. Bread points pay first (`'first'`), not at all (`'none'`), or a
 * chosen amount; points never pay more than the basket's value, and the rest comes from the balance.
 *
 * Lines are granted in the order asked. With `allowPartial`, a line over its item cap is cut to the cap, and
 * lines the money does not cover are cut to the units it does; each cut says why. Without it, any cut declines
 * the basket. Offline, a card of a household with several entitled cards may take at most its share of R, of each
 * item cap and of the month's points (`cardShareOf`); what only that share cuts is an OFFLINE_LIMIT_REACHED cut.
 *
 * A whole basket (no `allowPartial`) is declined in this order, the order in which the card refuses the same
 * basket (card/gov/entitlement-rules.ts, COMMANDS.md): REQUEST_INVALID (an item not in the catalogue) →
 * POINTS_INSUFFICIENT (points asked beyond those left) → ITEM_CAP_REACHED (any line over its household cap, before
 * any money check: a basket that breaks a cap and the money is declined for the cap, 9D09 on the card) → money
 * (QUOTA_EXHAUSTED when nothing is left at all, else BALANCE_INSUFFICIENT; both 9D05 on the card) → offline share.
 * The debit's `amount` is the entitlement part and `pointsPiastres` the points part, exactly as the card's version 2
 * debit proof signs them when the terminal sends `pointsPiastres` in DF36.
 */
import type { ItemLine } from '../schemas/service.ts';
import { MAX_ITEM_LINES } from '../schemas/service.ts';
import type { CatalogueItem } from './parameters.ts';
import type { Cut, PointsChoice } from './auth-types.ts';
import type { RuleInput, RuleResult } from './rule-input.ts';
import { cardShareOf, reason } from './rule-input.ts';
import { itemQuantity } from './usage.ts';

/** A ration basket as asked. */
export interface RationBasket {
  readonly lines: readonly ItemLine[];
  readonly points: PointsChoice;
  readonly allowPartial: boolean;
}

const invalid = (itemCode?: number): RuleResult => ({
  ok: false,
  reason: reason('REQUEST_INVALID', itemCode === undefined ? { service: 'ration' } : { service: 'ration', itemCode }),
});

/** Decides a ration basket. */
export function rationRule(input: RuleInput, basket: RationBasket): RuleResult {
  const { params, card, household, cardUsage, share } = input;
  const e = card.entitledCards;
  const lines = basket.lines;
  if (lines.length === 0 || lines.length > MAX_ITEM_LINES) return invalid();
  const seen = new Set<number>();
  const catalogue: CatalogueItem[] = [];
  for (const [code, quantity] of lines) {
    const item = params.ration.catalogue.find((it) => it.code === code);
    if (!item || seen.has(code) || !Number.isSafeInteger(quantity) || quantity < 1) return invalid(code);
    seen.add(code);
    catalogue.push(item);
  }

  // Money and points available: the household's, and offline the card's share of them.
  const monthly = params.ration.monthlyPiastresPerBeneficiary * card.beneficiaries;
  const balance = Math.max(0, monthly - household.rationPiastres);
  const shareMoney = Math.max(0, cardShareOf(monthly, share, e) - cardUsage.rationPiastres);
  const money = Math.min(balance, shareMoney);
  const credit = card.points.month === household.month ? card.points.creditPiastres : 0;
  const pointsLeft = Math.max(0, credit - household.pointsPiastres);
  const pointsRoom = Math.min(pointsLeft, Math.max(0, cardShareOf(credit, share, e) - cardUsage.pointsPiastres));
  const choice = basket.points;
  if (typeof choice === 'object') {
    if (!Number.isSafeInteger(choice.piastres) || choice.piastres < 0) return invalid();
    if (choice.piastres > pointsLeft) return { ok: false, reason: reason('POINTS_INSUFFICIENT', { service: 'ration' }) };
    if (choice.piastres > pointsRoom) {
      return { ok: false, reason: reason('OFFLINE_LIMIT_REACHED', { service: 'ration', limit: 'CARD_SHARE', stillServes: ['health'] }) };
    }
  }
  const pointsBudget = choice === 'first' ? pointsRoom : choice === 'none' ? 0 : choice.piastres;
  const capOf = (item: CatalogueItem): number => Math.min(item.capPerPerson * card.beneficiaries, item.capPerCard);
  if (!basket.allowPartial) {
    // The item cap comes before the money (the card's order).
    const over = lines.findIndex(([code, asked], i) => asked > Math.max(0, capOf(catalogue[i]!) - itemQuantity(household, code)));
    if (over >= 0) return { ok: false, reason: reason('ITEM_CAP_REACHED', { service: 'ration', itemCode: lines[over]![0] }) };
  }
  if (money + pointsBudget === 0) {
    const offline = balance > 0 || (choice === 'first' && pointsLeft > 0);
    return offline
      ? { ok: false, reason: reason('OFFLINE_LIMIT_REACHED', { service: 'ration', limit: 'CARD_SHARE', stillServes: ['health'] }) }
      : { ok: false, reason: reason('QUOTA_EXHAUSTED', { service: 'ration' }) };
  }

  // Grant line by line: item caps, then what the money still covers.
  let budget = money + pointsBudget;
  const cuts: Cut[] = [];
  const granted: ItemLine[] = [];
  lines.forEach(([code, asked], i) => {
    const item = catalogue[i]!;
    const cap = capOf(item);
    const capRoom = Math.max(0, cap - itemQuantity(household, code));
    const shareRoom = Math.max(0, cardShareOf(cap, share, e) - itemQuantity(cardUsage, code));
    let q = Math.min(asked, capRoom, shareRoom);
    if (q < asked) cuts.push({ itemCode: code, asked, granted: q, reason: shareRoom < Math.min(asked, capRoom) ? 'OFFLINE_LIMIT_REACHED' : 'ITEM_CAP_REACHED' });
    const affordable = Math.floor(budget / item.pricePiastres);
    if (affordable < q) {
      const offline = money < balance && budget + balance - money >= q * item.pricePiastres;
      const prior = cuts.findIndex((c) => c.itemCode === code);
      const cut: Cut = { itemCode: code, asked, granted: affordable, reason: offline ? 'OFFLINE_LIMIT_REACHED' : 'BALANCE_INSUFFICIENT' };
      if (prior >= 0) cuts[prior] = cut;
      else cuts.push(cut);
      q = affordable;
    }
    budget -= q * item.pricePiastres;
    if (q > 0) granted.push([code, q]);
  });

  if (cuts.length > 0 && (!basket.allowPartial || granted.length === 0)) {
    const first = cuts[0]!;
    const details = { service: 'ration' as const, itemCode: first.itemCode };
    return first.reason === 'OFFLINE_LIMIT_REACHED'
      ? { ok: false, reason: reason('OFFLINE_LIMIT_REACHED', { ...details, limit: 'CARD_SHARE', stillServes: ['health'] }) }
      : { ok: false, reason: reason(first.reason, details) };
  }
  granted.sort((a, b) => a[0] - b[0]);
  const value = granted.reduce((sum, [code, q]) => sum + q * catalogue[lines.findIndex((l) => l[0] === code)]!.pricePiastres, 0);
  const points = Math.min(pointsBudget, value);
  const entitlement = value - points;
  return {
    ok: true,
    cuts,
    debit: {
      service: 'ration', amount: entitlement, loaves: 0, breadAllocation: [], entitlementPiastres: entitlement, pointsPiastres: points,
      items: granted, valuePiastres: value, cashDuePiastres: 0, changePiastres: 0,
    },
  };
}
