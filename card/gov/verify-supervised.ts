/**
 * VERIFY SUPERVISED, on the household card: `80 5A 00 00 Lc <DF55 supervisor's card certificate, DF56 supervisor
 * authorization>`. The supervised exception's card-side condition: the card accepts the authorization as its
 * cardholder verification for **one** DEBIT when
 *
 * - the certificate is a card certificate signed by this card's own issuer (the issuer certificate it holds), is
 *   valid on the authorization's date and carries the `SUPERVISE` usage (a cashier's or citizen's card has none);
 * - the authorization verifies with that certificate's key, names this card, this card's current ATC (so it serves
 *   one debit: the debit moves the ATC), a date not before the card's last accepted date, and the certificate's
 *   subject as the supervisor (never this card itself).
 *
 * Any refusal is 6982 and clears the session's verification; malformed data 6A80. The DEBIT that follows must carry
 * the authorization's challenge, terminal id and date (else 6982), and its proof (version 3) signs `cvm` 3 and the
 * supervisor's card id. No try counter: an authorization cannot be guessed, only signed.
 */
import type { AppletContext, AppletResponse } from '../applet.ts';
import type { CommandApdu } from '../command-apdu.ts';
import * as SW from '../status-word.ts';
import { CERT_KIND, decodeCertificate, KEY_USAGE } from '../../terminal/schemas/certificate.ts';
import type { Certificate } from '../../terminal/schemas/certificate.ts';
import { verifyCertificate } from '../../terminal/schemas/certificate-chain.ts';
import { supervisorAuthorizationCodec } from '../../terminal/schemas/supervisor-authorization.ts';
import type { SupervisorAuthorization } from '../../terminal/schemas/supervisor-authorization.ts';
import { constantTimeEqual, setVerified } from './gov-session.ts';
import * as GSW from './gov-status-words.ts';
import { GovStore, KEY } from './gov-store.ts';
import * as T from './gov-tags.ts';
import { uniqueTlvs } from './supervise.ts';

/** 80 5A: accepts a supervisor authorization as the session's verification, or refuses it (6982). */
export function verifySupervised(apdu: CommandApdu, context: AppletContext): AppletResponse {
  if (apdu.p1 !== 0 || apdu.p2 !== 0) return { sw: SW.SW_6A86_WRONG_P1_P2 };
  const f = uniqueTlvs(apdu.data, [T.TAG_DF55_SUPERVISOR_CERTIFICATE, T.TAG_DF56_SUPERVISOR_AUTHORIZATION]);
  if (!f) return { sw: SW.SW_6A80_WRONG_DATA };
  let certificate: Certificate;
  let authorization: SupervisorAuthorization;
  try {
    certificate = decodeCertificate(f.get(T.TAG_DF55_SUPERVISOR_CERTIFICATE)!);
    authorization = supervisorAuthorizationCodec.decode(f.get(T.TAG_DF56_SUPERVISOR_AUTHORIZATION)!);
  } catch {
    return { sw: SW.SW_6A80_WRONG_DATA };
  }
  setVerified(context, undefined);
  const gov = new GovStore(context.store);
  const issuer = decodeCertificate(gov.bytes(KEY.ISSUER_CERT));
  const a = authorization;
  const ok =
    certificate.kind === CERT_KIND.CARD &&
    verifyCertificate(certificate, issuer.publicKey) &&
    a.date >= issuer.notBefore && a.date <= issuer.notAfter &&
    (certificate.keyUsage & KEY_USAGE.SUPERVISE) !== 0 &&
    a.date >= certificate.notBefore && a.date <= certificate.notAfter &&
    constantTimeEqual(certificate.subject.cardId, a.supervisorCardId) &&
    supervisorAuthorizationCodec.verify(a, certificate.publicKey) &&
    constantTimeEqual(a.cardId, gov.profile().cardId) &&
    a.atc === context.atc.value &&
    a.date >= gov.number(KEY.LAST_DATE);
  if (!ok) return { sw: GSW.SW_6982_SECURITY_STATUS_NOT_SATISFIED };
  setVerified(context, 'supervised', {
    challenge: a.challenge, terminalId: a.terminalId, date: a.date, atc: a.atc, supervisorCardId: a.supervisorCardId,
  });
  return { sw: SW.SW_9000_NO_ERROR };
}
