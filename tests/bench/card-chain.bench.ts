/**
 * A card the ledger has not seen today (at national scale, nearly every card: 20–70 M cards, each seen about once a
 * day, against a per-card-and-day cache of 200 000): what its chain costs with the issuer link remembered
 * (`IssuerCache`, one per Ledger) and without (every link verified, as before), in CPU of one process.
 *
 * - chain alone: `verifyCardChain` on decoded certificates of distinct cards of one issuer;
 * - card-day at the ledger: what ingest does for such a card besides the SQL (VerifyCache: the registered card
 *   certificate decoded from its bytes, the issuer's from cache; the chain; the card key's object; the debit
 *   proof's signature), each card new to a fresh VerifyCache; the proof's decoding is per record either way, not
 *   counted. Then the cores these add at the national peak if every transaction's card is unseen.
 * Rounds alternate cold and cached; the median round is reported. TEST KEYS ONLY.
 */
import { IssuerCache, verifyCardChain } from '../../terminal/schemas/certificate-chain.ts';
import { decodeCertificate, type Certificate } from '../../terminal/schemas/certificate.ts';
import { debitProofCodec, decodeDebitProof, type DebitProof } from '../../terminal/schemas/debit-proof.ts';
import { decodeJournalRecord } from '../../terminal/schemas/journal-record.ts';
import { VerifyCache } from '../../ledger/verify-cache.ts';
import { breadSale, CA_CERT, DAY, testCard, type TestCard } from '../ledger/ledger-fixtures.ts';
import { summarize, type Bench } from './figures.ts';

const PEAK_TX_PER_S = 5000;

interface Card {
  readonly test: TestCard;
  readonly issuer: Certificate;
  readonly card: Certificate;
  readonly proof: DebitProof;
}

/** ms per card of `run` over every card, as the median of `rounds` rounds. */
function msPerCard(cards: readonly Card[], rounds: number, run: (round: number) => (c: Card) => void): number {
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const each = run(r);
    const start = performance.now();
    for (const c of cards) each(c);
    samples.push((performance.now() - start) / cards.length);
  }
  return summarize(samples).median;
}

const bench: Bench = {
  title: 'card chain at the ledger: a card not seen today, issuer link cached vs verified every time',
  async run(ctx) {
    const n = ctx.quick ? 100 : 1000;
    const rounds = ctx.quick ? 3 : 5;
    const cards: Card[] = [];
    for (let i = 0; i < n; i++) {
      const test = testCard(70_000 + i, 70_000 + i);
      const body = breadSale({ terminalId: 1, seq: i + 1, card: test, atc: 1 });
      cards.push({ test, issuer: decodeCertificate(test.issuerBytes), card: decodeCertificate(test.cardBytes), proof: decodeDebitProof(decodeJournalRecord(body).debitProof!) });
      if (i % 50 === 0) ctx.progress('issuing test cards', i, n);
    }
    const trusted = [CA_CERT];
    const ok = (result: { ok: boolean }): void => {
      if (!result.ok) throw new Error('bench card does not verify');
    };
    // Warm-up (JIT) of both paths, thrown away.
    const warm = new IssuerCache();
    for (const c of cards.slice(0, 50)) {
      ok(verifyCardChain(c.issuer, c.card, trusted, DAY));
      ok(verifyCardChain(c.issuer, c.card, trusted, DAY, { issuers: warm }));
    }

    let cold = 0;
    let cached = 0;
    for (let r = 0; r < 2; r++) {
      cold = msPerCard(cards, rounds, () => (c) => ok(verifyCardChain(c.issuer, c.card, trusted, DAY)));
      cached = msPerCard(cards, rounds, () => {
        const issuers = new IssuerCache();
        ok(verifyCardChain(cards[0]!.issuer, cards[0]!.card, trusted, DAY, { issuers })); // the issuer, known
        return (c) => ok(verifyCardChain(c.issuer, c.card, trusted, DAY, { issuers }));
      });
    }
    ctx.figure('card chain verify, cold', cold, 'ms', 'CA, issuer and card signatures (3 ECDSA), a card');
    ctx.figure('card chain verify, issuer cached', cached, 'ms', 'the card signature only (1 ECDSA), a card');
    ctx.figure('card chain verify, issuer cached vs cold', cold / cached, 'x', 'cold / cached, higher is better');

    /** One unseen card's CPU at ingest (besides SQL), as verify-records and foreign-debit do it. */
    const cardDay = (cache: VerifyCache, withIssuers: boolean) => (c: Card): void => {
      const issuer = cache.certificate(c.test.issuerBytes);
      const card = cache.certificate(c.test.cardBytes);
      const chain = verifyCardChain(issuer, card, trusted, c.proof.date, withIssuers ? { issuers: cache.issuers } : {});
      if (!chain.ok) throw new Error('bench card does not verify');
      const key = cache.publicKey(chain.card.publicKey) ?? chain.card.publicKey;
      if (!debitProofCodec.verify(c.proof, key)) throw new Error('bench proof does not verify');
    };
    const fresh = (withIssuers: boolean): VerifyCache => {
      const cache = new VerifyCache();
      cardDay(cache, withIssuers)(cards[0]!); // the issuer's certificate decoded (and, with the cache, its link verified)
      return cache;
    };
    const rest = cards.slice(1);
    let before = 0;
    let now = 0;
    for (let r = 0; r < 2; r++) {
      before = msPerCard(rest, rounds, () => cardDay(fresh(false), false));
      now = msPerCard(rest, rounds, () => cardDay(fresh(true), true));
    }
    ctx.figure('ledger card-day, card unseen, before', before, 'ms', 'decode card cert + chain (3 ECDSA) + key object + proof');
    ctx.figure('ledger card-day, card unseen, issuer cached', now, 'ms', 'decode card cert + chain (1 ECDSA) + key object + proof');
    ctx.figure('ledger card-day, issuer cached vs before', before / now, 'x', 'before / now');
    ctx.figure('cores for unseen cards at the peak, before', (PEAK_TX_PER_S * before) / 1000, 'cores', `${PEAK_TX_PER_S} tx/s, every card unseen`);
    ctx.figure('cores for unseen cards at the peak, now', (PEAK_TX_PER_S * now) / 1000, 'cores', `${PEAK_TX_PER_S} tx/s, every card unseen`);
  },
};
export default bench;
