/**
 * The counter's two slots on the real PC/SC stack: pcsclite → a private pcscd (`sdk/testbench/private-pcscd.ts`) →
 * vpcd → the virtual card. One vpcd entry gives two readers ("Virtual PCD 00 00" for the customer, "... 00 01" for
 * the supervisor); each inserted card is served by its own bridge (`serveCard`), and pulling it closes the bridge and
 * waits until pcscd has seen the card go. Needs pcscd and vpcd (`npm run setup:real-stack`): `HAL_PCSC_UNAVAILABLE`.
 */
import type { VirtualCard } from '../../card/virtual-card.ts';
import { loadProfiles } from '../../hardware-profiles/load-profiles.ts';
import type { CardReaderProfile } from '../../hardware-profiles/profile.ts';
import type { CardSlots, SlotName } from './card-slots.ts';

/** Starts a private pcscd and opens pcsclite on it; `close()` stops both. */
export async function startPcscCardSlots(): Promise<CardSlots> {
  const { startPrivatePcscd } = await import('../testbench/private-pcscd.ts');
  const { createPcscCardReader } = await import('../../terminal/hal/pcsc/pcsc-card-reader.ts');
  const pcscd = await startPrivatePcscd();
  try {
    // libpcsclite reads the socket path once per process.
    process.env['PCSCLITE_CSOCK_NAME'] = pcscd.socketPath;
    const reader = await createPcscCardReader();
    const [customer, supervisor] = pcscd.readerNames;
    if (!customer || !supervisor) throw new Error(`private pcscd lists ${pcscd.readerNames.length} readers, expected two`);
    const base = loadProfiles().find((p) => p.id === 'virtual-pcd') as CardReaderProfile;
    // The terminal's reader is the first slot only: the supervisor's card in the second must never be taken for a customer's.
    const profile: CardReaderProfile = { ...base, readerNamePattern: `^${customer.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$` };
    const names: Record<SlotName, string> = { customer, supervisor };
    const bridges = new Map<SlotName, { close(): Promise<void> }>();
    const remove = async (slot: SlotName): Promise<void> => {
      const bridge = bridges.get(slot);
      if (!bridge) return;
      bridges.delete(slot);
      await bridge.close();
      await reader.waitForCardRemoval(names[slot], { timeoutMs: 10_000 });
    };
    return {
      reader,
      profile,
      names,
      description: `pcsclite → private pcscd (${pcscd.socketPath}${pcscd.quickack ? ', quick-ack loopback' : ''}) → vpcd → virtual cards in "${customer}" and "${supervisor}"`,
      async insert(slot: SlotName, card: VirtualCard) {
        await remove(slot);
        bridges.set(slot, await pcscd.serveCard(card, { slot: slot === 'customer' ? 0 : 1 }));
      },
      remove,
      async close() {
        for (const slot of [...bridges.keys()]) await remove(slot).catch(() => undefined);
        await reader.close().catch(() => undefined);
        await pcscd.stop();
      },
    };
  } catch (error) {
    await pcscd.stop();
    throw error;
  }
}
