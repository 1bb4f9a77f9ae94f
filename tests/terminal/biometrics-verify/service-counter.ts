/**
 * The services suites' bench (tests/terminal/services/service-fixture.ts) with the real match-on-card verifier in
 * place of the scripted one, and one KARTGOV card issued with its holder's enrolled synthetic finger: what the
 * bakery and grocer suites of terminal/biometrics-verify share.
 */
import { issueHousehold, type IssuedCard } from '../../../card/gov/issue-household.ts';
import { emptyUsage } from '../../../terminal/auth/usage.ts';
import { MatchOnCardVerifier } from '../../../terminal/biometrics-verify/match-on-card-verifier.ts';
import { createSimFingerprintScanner, type SimFingerprintScanner } from '../../../terminal/hal/sim/sim-fingerprint-scanner.ts';
import { ISSUE_DAY, scriptedPins, serviceBench, testIssuer, TODAY, type ScriptedPins, type ServiceBench } from '../services/service-fixture.ts';

export interface ServiceCounter {
  readonly bench: ServiceBench;
  readonly scanner: SimFingerprintScanner;
  readonly pins: ScriptedPins;
  readonly card: IssuedCard;
  close(): Promise<void>;
}

/** A counter serving one household's head (3 beneficiaries); `n` keeps households of different suites apart. */
export async function serviceCounter(n: number, holder: { nationalId: string; nameEn: string }): Promise<ServiceCounter> {
  const [card] = issueHousehold(
    {
      householdId: Uint8Array.of(0x48, 0, 0, 0, 0, n, 0xba, 0x4e), rationCardNumber: `300000${n}`, beneficiaries: 3, activations: {},
      members: [{ ...holder, nameAr: 'رب الأسرة', role: 'head', age: 50 }],
    },
    { issuer: testIssuer(), issuedOn: ISSUE_DAY, protocol: 'T=1' },
  ) as [IssuedCard];
  const scanner = createSimFingerprintScanner();
  const pins = scriptedPins();
  const bench = await serviceBench({
    config: { devices: { fingerprint: (transceive) => new MatchOnCardVerifier({ scanner, transceive }), pinEntry: pins } },
  });
  bench.ledger.setHousehold(card.certificate.subject.householdId, { usage: emptyUsage(TODAY - 1), entitledCards: 1, switched: true });
  return {
    bench, scanner, pins, card,
    async close() {
      await bench.close();
      await scanner.close();
    },
  };
}
