/** Test fixture: a small bakery receipt (5 subsidized loaves at 20 piastres). */
import type { Receipt } from '../../../../terminal/print/escpos/receipt.ts';

export const BREAD_RECEIPT: Receipt = {
  merchant: { ar: 'مخبز النور', en: 'Al Nour Bakery' },
  terminalId: 'T-0042',
  reference: '0042/000123',
  issuedAt: 1_740_816_900, // 2025-03-01 08:15 UTC
  utcOffsetMinutes: 120,
  lines: [{ label: { ar: 'خبز مدعم', en: 'Subsidized bread' }, quantity: 5, unit: { ar: 'أرغفة', en: 'loaves' }, amountPiastres: 100 }],
  outcome: { code: 'APPROVED', message: { ar: 'تمت الموافقة', en: 'Approved' } },
};
