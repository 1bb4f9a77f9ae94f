/**
 * Card-image builders that know the government card with KARTPAY: `loadCard(bytes, createGovPaymentCardBuilders())`
 * rebuilds a saved government card with its PSE and KARTPAY when the image holds their state, and as a plain
 * government card when it does not (an image saved before KARTPAY was issued on it stays loadable).
 *
 * @remarks The image keeps persistent memory only (`card/card-image.ts`); the applets are code, installed here.
 */
import { DEFAULT_CARD_BUILDERS } from '../card-image.ts';
import { hasInstalledApplet } from '../card-os.ts';
import type { CardBuilder } from '../card-image.ts';
import { createGovCard, createGovCardBuilders, GOV_CARD_KIND } from '../gov/gov-card.ts';
import type { GovCardOptions } from '../gov/gov-card.ts';
import type { BiometricMatcher } from '../gov/verify-cardholder.ts';
import { createPaymentApplet } from './payment-applet.ts';
import { KARTPAY_AID } from './payment-constants.ts';
import { createPseApplet } from './pse-applet.ts';


export interface GovPaymentCardBuilderOptions extends Omit<GovCardOptions, 'persistent' | 'protocol' | 'personalization' | 'otherApplets'> {
  /** KARTPAY's finger matcher (default the ISO matcher, as KARTGOV's). */
  readonly paymentMatcher?: BiometricMatcher;
}

/** Builders for `loadCard`: the defaults, the government card, and the government card with KARTPAY. */
export function createGovPaymentCardBuilders(options: GovPaymentCardBuilderOptions = {}): Readonly<Record<string, CardBuilder>> {
  const { paymentMatcher, ...gov } = options;
  return Object.freeze({
    ...DEFAULT_CARD_BUILDERS,
    ...createGovCardBuilders(gov),
    [GOV_CARD_KIND]: (image: Parameters<CardBuilder>[0]) => {
      const hasPayment = hasInstalledApplet(image.persistent, KARTPAY_AID);
      const otherApplets = hasPayment
        ? [createPseApplet(), createPaymentApplet(paymentMatcher ? { matcher: paymentMatcher } : {})]
        : [];
      return createGovCard({ ...gov, ...image, otherApplets });
    },
  });
}
