import { Column, Entity } from 'typeorm';
import type { EventType } from './event-types';
import { CompanyRecord } from './company-record';

export type WebhookEndpointStatus = 'enabled' | 'disabled';

/** A URL of the integrator's that receives the company's events, signed with its own secret. */
@Entity({ name: 'webhook_endpoints' })
export class WebhookEndpoint extends CompanyRecord {
  @Column({ type: 'text' })
  url: string;

  /** The types it receives; null for every type, including types added later. */
  @Column({ name: 'event_types', type: 'text', array: true, nullable: true })
  eventTypes: EventType[] | null;

  /** The signing secret, AES-256-GCM sealed with BILLY_SECRET_KEY (see SecretBox); shown once at creation. */
  @Column({ name: 'secret_sealed', type: 'text' })
  secretSealed: string;

  @Column({ type: 'text' })
  status: WebhookEndpointStatus;

  /** Deliveries that failed for good in a row; reaching WEBHOOK_FAILED_DELIVERIES_BEFORE_DISABLE disables it. */
  @Column({ name: 'consecutive_failures', type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ name: 'disabled_at', type: 'timestamptz', nullable: true })
  disabledAt: Date | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
