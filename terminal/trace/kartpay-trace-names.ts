/**
 * Trace names for what KARTPAY (the card's EMV payment application) answers beyond the EMV tag dictionary: the try counter templates of its GET DATA
 * (BF4C, BF4D) and the finger's DF51 inside them. Everything else in a payment's trace is EMV's own.
 * KARTGOV gives some of the same numbers other meanings (DF51 is its log entries, BF4A its certificate chain),
 * so a trace takes the names of the applet the session selected.
 * @remarks See card/emv-pay/PAYMENT-APP.md, Commands (GET DATA).
 */
import type { TagInfo } from '../../emv/tlv/tag-names.ts';
import type { TraceNames } from './trace-names.ts';

const tag = (name: string, constructed: boolean): TagInfo => ({ name, format: 'b', source: 'card', constructed });
const TAGS: ReadonlyMap<number, TagInfo> = new Map([
  [0xbf4c, tag('Biometric Try Counters Template', true)],
  [0xbf4d, tag('Preferred Attempts Template', true)],
  [0xdf51, tag('Finger (tries left, or attempts per transaction)', false)],
]);

/** KARTPAY's names for `formatApduTrace(..., { names })`. */
export const KARTPAY_TRACE_NAMES: TraceNames = { describeTag: (t) => TAGS.get(t) };
