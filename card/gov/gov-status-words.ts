/**
 * Status words of the government-services applet that a person may come to see, each with a stable code and its
 * Arabic and English messages; the terminal maps SWs to them (it keeps its own copy: terminal code never imports
 * card/). 9Dxx values are proprietary. See ISO/IEC 7816-4:2020, 5.6: SW1 9X other than 9000 is application-specific.
 */
/** DEBIT refusals and other visible status words; see COMMANDS.md for when each is answered. */
export const SW_9D01_CARD_BLOCKED = 0x9d01;
export const SW_9D02_CARD_DESTROYED = 0x9d02;
export const SW_9D03_CARD_EXPIRED = 0x9d03;
export const SW_9D04_SERVICE_INACTIVE = 0x9d04;
export const SW_9D05_ENTITLEMENT_EXHAUSTED = 0x9d05;
export const SW_9D06_COLLECTION_AHEAD_REFUSED = 0x9d06;
export const SW_9D07_DATE_BACKWARDS = 0x9d07;
export const SW_9D08_LOAD_REPLAYED = 0x9d08;
export const SW_9D09_ITEM_CAP_REACHED = 0x9d09;
export const SW_9D0A_ITEM_NOT_IN_CATALOGUE = 0x9d0a;
export const SW_9D0C_ENTITLEMENT_NOT_LOADED = 0x9d0c;
/** Ration: the bread points asked (DF36) are more than the points left this month. */
export const SW_9D0D_POINTS_INSUFFICIENT = 0x9d0d;
/** SELECT warning: the application is blocked or destroyed; the FCI still comes. See EMV 4.4 Book 1, 12.3.2. */
export const SW_6283_SELECTED_FILE_DEACTIVATED = 0x6283;
export const SW_6982_SECURITY_STATUS_NOT_SATISFIED = 0x6982;
export const SW_6983_AUTH_METHOD_BLOCKED = 0x6983;
export const SW_6985_CONDITIONS_NOT_SATISFIED = 0x6985;

/** What a person sees for a status word. */
export interface GovStatusMessage {
  readonly code: string;
  readonly en: string;
  readonly ar: string;
}

/** The visible status words; `63Cx` (wrong PIN or fingerprint, x tries left) is described by `GOV_SW_63CX`. */
export const GOV_STATUS_MESSAGES: Readonly<Record<number, GovStatusMessage>> = Object.freeze({
  [SW_9D01_CARD_BLOCKED]: { code: 'GOV_CARD_BLOCKED', en: 'This card is blocked. Call 15999.', ar: 'هذا الكارت موقوف. اتصل بالرقم 15999.' },
  [SW_9D02_CARD_DESTROYED]: { code: 'GOV_CARD_DESTROYED', en: 'This card has been cancelled.', ar: 'تم إلغاء هذا الكارت.' },
  [SW_9D03_CARD_EXPIRED]: { code: 'GOV_CARD_EXPIRED', en: 'This card has expired. Request a replacement.', ar: 'انتهت صلاحية هذا الكارت. اطلب كارتًا بديلًا.' },
  [SW_9D04_SERVICE_INACTIVE]: { code: 'GOV_SERVICE_INACTIVE', en: 'This service is not active on this card.', ar: 'هذه الخدمة غير مفعلة على هذا الكارت.' },
  [SW_9D05_ENTITLEMENT_EXHAUSTED]: { code: 'GOV_ENTITLEMENT_EXHAUSTED', en: 'The entitlement for this period is used up.', ar: 'تم استهلاك المستحقات لهذه الفترة.' },
  [SW_9D06_COLLECTION_AHEAD_REFUSED]: { code: 'GOV_COLLECTION_AHEAD_REFUSED', en: 'More days ahead than allowed at once.', ar: 'عدد الأيام المقدمة أكبر من المسموح به مرة واحدة.' },
  [SW_9D07_DATE_BACKWARDS]: { code: 'GOV_DATE_BACKWARDS', en: 'The terminal date is earlier than the card\'s last date. Check the terminal clock.', ar: 'تاريخ الجهاز أقدم من آخر تاريخ على الكارت. راجع ساعة الجهاز.' },
  [SW_9D08_LOAD_REPLAYED]: { code: 'GOV_LOAD_REPLAYED', en: 'This entitlement update was already applied or is out of date.', ar: 'تم تطبيق تحديث المستحقات هذا من قبل أو أنه قديم.' },
  [SW_9D09_ITEM_CAP_REACHED]: { code: 'GOV_ITEM_CAP_REACHED', en: 'The monthly limit for this item is reached.', ar: 'تم الوصول إلى الحد الشهري لهذا الصنف.' },
  [SW_9D0A_ITEM_NOT_IN_CATALOGUE]: { code: 'GOV_ITEM_NOT_IN_CATALOGUE', en: 'This item is not in the month\'s ration.', ar: 'هذا الصنف غير موجود في تموين الشهر.' },
  [SW_9D0C_ENTITLEMENT_NOT_LOADED]: { code: 'GOV_ENTITLEMENT_NOT_LOADED', en: 'This month\'s entitlement is not loaded on the card yet.', ar: 'لم يتم تحميل مستحقات هذا الشهر على الكارت بعد.' },
  [SW_9D0D_POINTS_INSUFFICIENT]: { code: 'GOV_POINTS_INSUFFICIENT', en: 'Not enough bread points for the amount asked.', ar: 'رصيد نقاط الخبز لا يكفي للمبلغ المطلوب.' },
  [SW_6283_SELECTED_FILE_DEACTIVATED]: { code: 'GOV_CARD_NOT_USABLE', en: 'This card cannot be used.', ar: 'لا يمكن استخدام هذا الكارت.' },
  [SW_6982_SECURITY_STATUS_NOT_SATISFIED]: { code: 'GOV_NOT_VERIFIED', en: 'Cardholder verification is needed first.', ar: 'يلزم التحقق من صاحب الكارت أولًا.' },
  [SW_6983_AUTH_METHOD_BLOCKED]: { code: 'GOV_VERIFICATION_BLOCKED', en: 'Too many wrong attempts: this method is blocked.', ar: 'محاولات خاطئة كثيرة: تم إيقاف طريقة التحقق هذه.' },
});

/** The message for 63Cx (x = tries left). */
export const GOV_SW_63CX: GovStatusMessage = {
  code: 'GOV_VERIFICATION_FAILED',
  en: 'Wrong PIN or fingerprint.',
  ar: 'الرقم السري أو البصمة غير صحيحة.',
};
