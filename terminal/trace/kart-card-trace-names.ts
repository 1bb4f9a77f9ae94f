/**
 * Trace names for Kart's government card as a session uses it: KARTGOV's names while KARTGOV is selected, KARTPAY's
 * while the payment application is, EMV's own everywhere (`namesBySelectedApplet`).
 */
import { KARTPAY_TERMINAL_AID } from '../../emv/kernel/kart-counter-config.ts';
import { GOV_AID } from '../schemas/kartgov-tags.ts';
import { KARTGOV_TRACE_NAMES } from './kartgov-trace-names.ts';
import { KARTPAY_TRACE_NAMES } from './kartpay-trace-names.ts';
import { namesBySelectedApplet } from './trace-names.ts';

export const KART_CARD_TRACE_NAMES = namesBySelectedApplet([
  { aid: GOV_AID, names: KARTGOV_TRACE_NAMES },
  { aid: KARTPAY_TERMINAL_AID, names: KARTPAY_TRACE_NAMES },
]);
