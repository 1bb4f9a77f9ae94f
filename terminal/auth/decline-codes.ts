/**
 * The catalogue of authorization outcomes a person sees: every decline and warning has a stable code (journaled as
 * the record's `code`, branched on by callers) and a message in Arabic and English for the cashier's screen and
 * the receipt. Codes are never renamed or reused; new ones are added at the end of their list.
 */
import type { UserMessage } from '../errors.ts';

/** Why a transaction was declined. */
export const DECLINE_CODES = [
  'CARD_NOT_GENUINE',
  'CARD_BLOCKED',
  'CARD_DESTROYED',
  'LEGACY_CARD_SWITCHED',
  'CARD_EXPIRED',
  'NOT_ON_THIS_CARD',
  'SERVICE_INACTIVE',
  'CARDHOLDER_NOT_VERIFIED',
  'REQUEST_INVALID',
  'QUOTA_EXHAUSTED',
  'COLLECT_AHEAD_LIMIT',
  'ITEM_CAP_REACHED',
  'BALANCE_INSUFFICIENT',
  'POINTS_INSUFFICIENT',
  'CASH_INSUFFICIENT',
  'OFFLINE_LIMIT_REACHED',
] as const;

export type DeclineCode = (typeof DECLINE_CODES)[number];

/** Warnings shown with an approval (or a decline) without changing it. */
export const WARNING_CODES = ['EXPIRES_SOON'] as const;

export type WarningCode = (typeof WARNING_CODES)[number];

/** Stable messages for each decline code. Details (which service, which limit) travel beside them as data. */
export const DECLINE_MESSAGES: Readonly<Record<DeclineCode, UserMessage>> = {
  CARD_NOT_GENUINE: {
    ar: 'الكارت غير أصلي أو تعذر التحقق منه: لا يمكن إتمام المعاملة.',
    en: 'The card is not genuine or could not be authenticated: the transaction cannot proceed.',
  },
  CARD_BLOCKED: {
    ar: 'الكارت موقوف (مفقود أو مسروق أو مستبدل): لا يمكن استخدامه. للاستفسار اتصل بـ 15999.',
    en: 'The card is stopped (lost, stolen or replaced) and cannot be used. For help call 15999.',
  },
  CARD_DESTROYED: {
    ar: 'تم إعدام هذا الكارت لعدم استلامه في الموعد: لا يمكن استخدامه.',
    en: 'This card was destroyed because it was not collected in time and cannot be used.',
  },
  LEGACY_CARD_SWITCHED: {
    ar: 'بطاقة التموين القديمة موقوفة: انتقلت الأسرة إلى الكارت الموحد، استخدم الكارت الموحد.',
    en: 'The old ration card is stopped: the household has moved to the unified card; use the unified card.',
  },
  CARD_EXPIRED: {
    ar: 'انتهت صلاحية الكارت: يرجى طلب كارت بديل من مكتب البريد.',
    en: 'The card has expired: please request a replacement at the post office.',
  },
  NOT_ON_THIS_CARD: {
    ar: 'هذه الخدمة غير متاحة على هذا الكارت: خدمات التموين والخبز على كروت رب الأسرة والزوجة والأبناء فوق ١٦ سنة.',
    en: 'This service is not on this card: ration services are on the cards of the head of household, the spouse and children over 16.',
  },
  SERVICE_INACTIVE: {
    ar: 'الخدمة لم تُفعَّل بعد على هذا الكارت: يبدأ التفعيل في التاريخ المعلن.',
    en: 'The service is not active on this card yet: it starts on the announced date.',
  },
  CARDHOLDER_NOT_VERIFIED: {
    ar: 'لم يتم التحقق من حامل الكارت: أكمل التحقق بالبصمة أو الرقم السري أو استثناء المشرف.',
    en: 'The cardholder is not verified: complete fingerprint, PIN or supervised verification.',
  },
  REQUEST_INVALID: {
    ar: 'الطلب غير صحيح (كمية أو صنف غير معروف): راجع الطلب.',
    en: 'The request is not valid (unknown item or quantity): check the request.',
  },
  QUOTA_EXHAUSTED: {
    ar: 'تم صرف كامل حصة الأسرة لهذه الفترة.',
    en: "The household's entitlement for this period has been used in full.",
  },
  COLLECT_AHEAD_LIMIT: {
    ar: 'الكمية تتجاوز الحد المسموح بصرفه مقدمًا: يمكن صرف الكمية المعروضة فقط.',
    en: 'The quantity exceeds what may be collected ahead: only the amount shown can be collected.',
  },
  ITEM_CAP_REACHED: {
    ar: 'تم بلوغ الحد الشهري لهذا الصنف للأسرة.',
    en: "The household's monthly limit for this item has been reached.",
  },
  BALANCE_INSUFFICIENT: {
    ar: 'رصيد التموين الشهري لا يكفي لهذه السلة.',
    en: 'The monthly ration balance does not cover this basket.',
  },
  POINTS_INSUFFICIENT: {
    ar: 'رصيد نقاط الخبز لا يكفي للمبلغ المطلوب.',
    en: 'The bread points balance does not cover the amount asked.',
  },
  CASH_INSUFFICIENT: {
    ar: 'المبلغ المدفوع أقل من المطلوب.',
    en: 'The cash tendered is less than the amount due.',
  },
  OFFLINE_LIMIT_REACHED: {
    ar: 'الجهاز غير متصل وتم بلوغ حد المعاملات دون اتصال: يمكن فقط تقديم الخدمات المعروضة حتى تتم المزامنة.',
    en: 'The terminal is offline and an offline limit is reached: only the services shown can be served until it syncs.',
  },
};

/** Stable messages for each warning code. */
export const WARNING_MESSAGES: Readonly<Record<WarningCode, UserMessage>> = {
  EXPIRES_SOON: {
    ar: 'تنتهي صلاحية الكارت خلال الشهر القادم: يرجى طلب كارت بديل.',
    en: 'The card expires within the month: please request a replacement.',
  },
};

/** The Arabic and English message of a decline code. */
export function declineMessage(code: DeclineCode): UserMessage {
  return DECLINE_MESSAGES[code];
}
