import { createCardOs, type CardOs, type CardOsOptions } from './card-os.ts';
import { createDemoApplet, type DemoAppletOptions } from './demo-applet.ts';

/** Card image kind of the demo card. */
export const DEMO_CARD_KIND = 'kart-demo';

export interface DemoCardOptions extends DemoAppletOptions, Omit<CardOsOptions, 'applets' | 'kind'> {}

/**
 * A card OS with the demo applet "KARTDEMO" installed: what the in-process reader, the vpcd bridge and
 * `kart card serve` use when no other card is given. Personalisation options apply only when the persistent
 * memory (`persistent`, e.g. from a card image) has no state for the applet yet.
 *
 * @remarks See `createCardOs` and `createDemoApplet`.
 */
export function createDemoCard(options: DemoCardOptions = {}): CardOs {
  return createCardOs({ ...options, applets: [createDemoApplet(options)], kind: DEMO_CARD_KIND });
}
