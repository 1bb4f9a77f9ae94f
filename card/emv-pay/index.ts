/** KARTPAY, the card's EMV payment application, and the card's PSE. See `PAYMENT-APP.md`. */
export { createPaymentApplet, type PaymentAppletOptions } from './payment-applet.ts';
export { createPseApplet, KARTPAY_PSE_ENTRY, type PseEntry } from './pse-applet.ts';
export {
  personalizePaymentApplication, type PaymentPersonalization, type PaymentPersonalizationInput, type PaymentRecord,
} from './payment-personalization.ts';
export {
  DEFAULT_CVM_LIST, DEFAULT_IAC, KARTPAY_AIP, KARTPAY_AFL, KARTPAY_PDOL, KARTPAY_CDOL1, KARTPAY_CDOL2, KARTPAY_DDOL, KARTPAY_CVN,
  KART_FINGER_SOLUTION_ID,
} from './payment-profile.ts';
export { PaymentError, type PaymentErrorCode } from './payment-error.ts';
export { KARTPAY_AID, KARTPAY_LABEL, PSE_AID } from './payment-constants.ts';
export { firstAcDecision, secondAcDecision, type FirstAcRiskInput, type SecondAcRiskInput, type RiskDecision } from './card-risk-management.ts';
export { createGovPaymentCardBuilders, type GovPaymentCardBuilderOptions } from './payment-card-builders.ts';
