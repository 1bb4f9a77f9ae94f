/**
 * The supervised exception's other party: the supervisor's own KARTGOV card in the terminal's **second card slot**
 * (the household card never leaves the main reader, so its authenticated session, accepted date and ATC stay as
 * they are; a bakery counter keeps the supervisor's card by the terminal rather than swapping cards in one slot,
 * which would mean authenticating the household card again). The supervisor enters their own PIN on the PIN pad;
 * it is verified by their card (VERIFY), and only then does their card sign the authorization (SUPERVISE) that the
 * household card checks (VERIFY SUPERVISED, `supervised-debit.ts`). See card/gov/COMMANDS.md.
 */
import type { Transceiver } from '../../emv/transceiver.ts';
import { CERT_KIND, decodeCertificate } from '../schemas/certificate.ts';
import type { PinBlock } from '../hal/pin-block.ts';
import { GovApdu } from './gov-apdu.ts';
import { TAG_BF4A_CERTIFICATES, TAG_DF4C_CARD_CERTIFICATE, TAG_DF55_SUPERVISOR_CERTIFICATE, TAG_DF56_SUPERVISOR_AUTHORIZATION } from '../schemas/kartgov-tags.ts';
import type { SuperviseCommand } from './gov-apdu.ts';
import { govCardChannel, optionalValueOf } from './gov-card-channel.ts';
import type { GovCardChannel } from './gov-card-channel.ts';

/** What the supervisor's card signed: its certificate and the authorization, as they go to the household card. */
export interface SignedSupervision {
  readonly certificate: Uint8Array;
  readonly authorization: Uint8Array;
}

export interface SupervisorDesk {
  /** The supervisor's card id once their card is in the slot and reads as a KARTGOV card, else undefined. */
  presentCard(options: { readonly signal?: AbortSignal }): Promise<Uint8Array | undefined>;
  /** Checks the supervisor's PIN on their own card. */
  verifyPin(supervisorCardId: Uint8Array, pin: PinBlock, options: { readonly signal?: AbortSignal }): Promise<'correct' | 'wrong'>;
  /** Has the supervisor's card sign an authorization; its status word when it refuses (6985: not a supervisor's card). */
  authorize(request: SuperviseCommand, options: { readonly signal?: AbortSignal }): Promise<SignedSupervision | { readonly refusedSw: number }>;
  /** Lets go of the supervisor's card. */
  release(): Promise<void>;
}

/** The second slot: a connection to the card in it, or undefined when it is empty. */
export interface SupervisorSlot {
  open(options: { readonly signal?: AbortSignal }): Promise<{ readonly transceive: Transceiver; close(): Promise<void> } | undefined>;
}

/** A desk over the second slot's card. */
export function createSupervisorDesk(slot: SupervisorSlot): SupervisorDesk {
  let open: { channel: GovCardChannel; close(): Promise<void> } | undefined;
  const release = async (): Promise<void> => {
    const current = open;
    open = undefined;
    await current?.close().catch(() => undefined);
  };
  return {
    async presentCard(options) {
      await release();
      const connection = await slot.open(options);
      if (!connection) return undefined;
      open = { channel: govCardChannel(connection.transceive, options.signal), close: () => connection.close() };
      // See COMMANDS.md, SELECT and READ DATA BF4A: the card id is the certificate's subject.
      if ((await open.channel.send(GovApdu.select(), 'SELECT (supervisor)')).sw !== 0x9000) return undefined;
      const certs = await open.channel.send(GovApdu.readData(TAG_BF4A_CERTIFICATES), 'READ DATA BF4A (supervisor)');
      try {
        const cert = decodeCertificate(optionalValueOf(certs.data, TAG_DF4C_CARD_CERTIFICATE, 'BF4A') ?? new Uint8Array(0));
        return cert.kind === CERT_KIND.CARD ? cert.subject.cardId : undefined;
      } catch {
        return undefined; // not a readable KARTGOV card: nobody came
      }
    },
    async verifyPin(_id, pin) {
      if (!open) return 'wrong';
      // See COMMANDS.md, VERIFY (PIN): 9000 verified; 63Cx or 6983 are a failed try for the supervisor.
      return (await open.channel.send(GovApdu.verifyPin(pin.bytes()), 'VERIFY PIN (supervisor)')).sw === 0x9000 ? 'correct' : 'wrong';
    },
    async authorize(request) {
      if (!open) return { refusedSw: 0x6985 };
      const answer = await open.channel.send(GovApdu.supervise(request), 'SUPERVISE');
      if (answer.sw !== 0x9000) return { refusedSw: answer.sw };
      const certificate = optionalValueOf(answer.data, TAG_DF55_SUPERVISOR_CERTIFICATE, 'SUPERVISE');
      const authorization = optionalValueOf(answer.data, TAG_DF56_SUPERVISOR_AUTHORIZATION, 'SUPERVISE');
      return certificate && authorization ? { certificate, authorization } : { refusedSw: 0x6f00 };
    },
    release,
  };
}
