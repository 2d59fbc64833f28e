import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { EventType } from './event-types';
import { CreatedAtColumn } from './columns';

/**
 * A state change integrators care about, written by a trigger in the same
 * database transaction as the change (the events-outbox migration).
 */
@Entity({ name: 'events' })
export class Event {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  /** Write order, to break ties between events of one database transaction (they share created_at). */
  @Column({ type: 'bigint', insert: false, update: false })
  seq: string;

  @Column({ name: 'company_guid', type: 'text' })
  companyGuid: string;

  @Column({ type: 'text' })
  type: EventType;

  @Column({ name: 'resource_guid', type: 'text' })
  resourceGuid: string;

  /** The resource's row as the change left it (to_jsonb), without Billy's bookkeeping columns. */
  @Column({ type: 'jsonb' })
  data: Record<string, unknown>;

  @CreatedAtColumn()
  createdAt: Date;
}
