import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { ProcessorStatus } from '@billy/billing';
import { CreatedAtColumn } from './columns';

/** A processor status event received through a callback (billy.md §6.3). */
@Entity({ name: 'transaction_events' })
export class TransactionEvent {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'transaction_guid', type: 'text' })
  transactionGuid: string;

  @Column({ name: 'processor_event_id', type: 'text' })
  processorEventId: string;

  @Column({ type: 'text' })
  status: ProcessorStatus;

  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt: Date;

  @CreatedAtColumn()
  createdAt: Date;
}
