/** The processor a company settles through; stored on the company. */
export type ProcessorName = 'dummy' | 'stripe';

export const PROCESSOR_NAMES: readonly ProcessorName[] = ['dummy', 'stripe'];

/** The processor's view of a money movement (billy.md §6.2 status mapping). */
export type ProcessorStatus = 'pending' | 'succeeded' | 'failed';

/** What a processor answered for a debit, credit or refund. */
export interface MovementResult {
  processorUri: string;
  status: ProcessorStatus;
}
