/**
 * The government-services card: a card OS with the KARTGOV applet (and, beside it, whatever other applets the
 * caller installs, such as the EMV payment application), and the card-image builders that rebuild it.
 */
import type { Applet } from '../applet.ts';
import { DEFAULT_CARD_BUILDERS } from '../card-image.ts';
import type { CardBuilder } from '../card-image.ts';
import { createCardOs } from '../card-os.ts';
import type { CardOs, CardOsOptions } from '../card-os.ts';
import { createGovApplet } from './gov-applet.ts';
import type { GovAppletOptions } from './gov-applet.ts';

/** Card image kind of the government-services card. */
export const GOV_CARD_KIND = 'kart-gov';

export interface GovCardOptions extends GovAppletOptions, Omit<CardOsOptions, 'applets' | 'kind'> {
  /** Other applets installed after KARTGOV (e.g. the EMV payment application). */
  readonly otherApplets?: readonly Applet[];
}

/**
 * A card OS with the KARTGOV applet. `personalization` is used only when the persistent memory (`persistent`, from
 * a card image) has no state for the applet yet.
 */
export function createGovCard(options: GovCardOptions): CardOs {
  return createCardOs({ ...options, applets: [createGovApplet(options), ...(options.otherApplets ?? [])], kind: GOV_CARD_KIND });
}

/** Card-image builders for `loadCard` that know the government card (with `options`, e.g. the matcher) and the defaults. */
export function createGovCardBuilders(options: Omit<GovCardOptions, 'persistent' | 'protocol' | 'personalization'> = {}): Readonly<Record<string, CardBuilder>> {
  return Object.freeze({
    ...DEFAULT_CARD_BUILDERS,
    [GOV_CARD_KIND]: (image: Parameters<CardBuilder>[0]) => createGovCard({ ...options, ...image }),
  });
}

/** `loadCard(bytes, GOV_CARD_BUILDERS)` loads demo and government cards (the default ISO minutiae matcher). */
export const GOV_CARD_BUILDERS: Readonly<Record<string, CardBuilder>> = createGovCardBuilders();
