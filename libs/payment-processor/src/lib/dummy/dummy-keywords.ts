import type { ProcessorStatus } from '@billy/billing';
import type { MovementType } from '../payment-processor';

/** The words in a funding instrument URI that make the dummy act like a real processor failing. */
const KEYWORDS = ['declined', 'flaky', 'lost', 'slow', 'pending', 'pending-failed'] as const;
export type DummyKeyword = (typeof KEYWORDS)[number];

// A refund names no instrument: it obeys these keywords of the debit it refunds, and just succeeds otherwise.
const REFUND_KEYWORDS: readonly DummyKeyword[] = ['lost', 'slow'];

/** The keywords a movement of this type obeys; they combine, and `pending-failed` is `pending` too. */
export function keywordsOf(instrument: string | null, type: MovementType): ReadonlySet<DummyKeyword> {
  const obeyed = type === 'refund' ? REFUND_KEYWORDS : KEYWORDS;
  return new Set(obeyed.filter((keyword) => instrument?.includes(keyword)));
}

/** What the call answers, and what a replay of it answers again. */
export function answeredStatus(keywords: ReadonlySet<DummyKeyword>): ProcessorStatus {
  return keywords.has('pending') ? 'pending' : 'succeeded';
}

/** What the movement ends as, once its callback time has passed. */
export function settledStatus(keywords: ReadonlySet<DummyKeyword>): ProcessorStatus {
  return keywords.has('pending-failed') ? 'failed' : 'succeeded';
}
