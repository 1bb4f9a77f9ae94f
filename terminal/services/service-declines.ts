/**
 * The declines of a whole transaction: the rules engine's codes (`terminal/auth/decline-codes.ts`) plus the few
 * that only the card's own answers can produce, each with its Arabic and English message, and the mapping from the
 * card's refusal status words (card/gov/COMMANDS.md; the terminal's own copy) to these codes. The card decides last:
 * when it refuses what the engine approved, its reason is the decline.
 */
import type { UserMessage } from '../errors.ts';
import type { DeclineCode } from '../auth/decline-codes.ts';
import { DECLINE_MESSAGES } from '../auth/decline-codes.ts';

/** Declines only the card's answers produce. Codes are never renamed or reused. */
export const CARD_DECLINE_CODES = ['CARD_DATE_AHEAD', 'ENTITLEMENT_NOT_LOADED', 'APP_NOT_ON_CARD', 'CARD_REFUSED'] as const;
export type CardDeclineCode = (typeof CARD_DECLINE_CODES)[number];

/** Every code a transaction can decline with. */
export type ServiceDeclineCode = DeclineCode | CardDeclineCode;

const CARD_DECLINE_MESSAGES: Readonly<Record<CardDeclineCode, UserMessage>> = {
  CARD_DATE_AHEAD: {
    ar: 'آخر تاريخ مسجل على الكارت أحدث من تاريخ الجهاز: لا يمكن الصرف بهذا الكارت قبل ذلك التاريخ. راجع ساعة الجهاز.',
    en: "The card's last date is later than the terminal's date: the card cannot be served before that date. Check the terminal clock.",
  },
  ENTITLEMENT_NOT_LOADED: {
    ar: 'لم يتم تحميل مستحقات هذا الشهر على الكارت بعد.',
    en: "This month's entitlement is not loaded on the card yet.",
  },
  APP_NOT_ON_CARD: {
    ar: 'هذا الكارت لا يحمل تطبيق الخدمات الحكومية.',
    en: 'This card does not carry the government services application.',
  },
  CARD_REFUSED: {
    ar: 'رفض الكارت العملية: لم يتم الخصم.',
    en: 'The card refused the operation: nothing was debited.',
  },
};

/** The Arabic and English message of any transaction decline code. */
export function serviceDeclineMessage(code: ServiceDeclineCode): UserMessage {
  return (DECLINE_MESSAGES as Readonly<Record<string, UserMessage>>)[code] ?? CARD_DECLINE_MESSAGES[code as CardDeclineCode];
}

/** The decline for a card's refusal of DEBIT ENTITLEMENT or SET DATE. See COMMANDS.md, DEBIT ENTITLEMENT. */
export function declineForCardStatus(sw: number): ServiceDeclineCode {
  switch (sw) {
    case 0x9d01: return 'CARD_BLOCKED';
    case 0x9d02: return 'CARD_DESTROYED';
    case 0x9d03: return 'CARD_EXPIRED';
    case 0x9d04: return 'SERVICE_INACTIVE';
    case 0x9d05: return 'QUOTA_EXHAUSTED';
    case 0x9d06: return 'COLLECT_AHEAD_LIMIT';
    case 0x9d07: return 'CARD_DATE_AHEAD';
    case 0x9d09: return 'ITEM_CAP_REACHED';
    case 0x9d0a: return 'REQUEST_INVALID';
    case 0x9d0c: return 'ENTITLEMENT_NOT_LOADED';
    case 0x9d0d: return 'POINTS_INSUFFICIENT';
    case 0x6982: return 'CARDHOLDER_NOT_VERIFIED';
    default: return 'CARD_REFUSED';
  }
}
