import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from './columns';

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'canceled';

/** One event for one endpoint: the relay creates it, the worker POSTs it until a 2xx or the schedule is spent. */
@Entity({ name: 'webhook_deliveries' })
export class WebhookDelivery {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'webhook_endpoint_guid', type: 'text' })
  webhookEndpointGuid: string;

  @Column({ name: 'event_guid', type: 'text' })
  eventGuid: string;

  @Column({ type: 'text' })
  status: WebhookDeliveryStatus;

  /** POSTs made so far; part of the job id, so a job of an earlier try claims nothing. */
  @Column({ name: 'attempt_count', type: 'integer', default: 0 })
  attemptCount: number;

  /** When the next POST is due; null once the delivery is over. */
  @Column({ name: 'next_attempt_at', type: 'timestamptz', nullable: true })
  nextAttemptAt: Date | null;

  /** Set while a worker holds the delivery; an old value means that worker died mid-call. */
  @Column({ name: 'in_flight_since', type: 'timestamptz', nullable: true })
  inFlightSince: Date | null;

  @Column({ name: 'delivered_at', type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
