import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * The first answer to a POST sent with an `Idempotency-Key`, replayed for a
 * repeat. Written in the same database transaction as the request's own writes.
 */
@Entity({ name: 'idempotency_keys' })
export class IdempotencyKey {
  @PrimaryColumn({ name: 'company_guid', type: 'text' })
  companyGuid: string;

  @PrimaryColumn({ name: 'idempotency_key', type: 'text' })
  idempotencyKey: string;

  /** sha256 of method, path and the canonical JSON of the parameters. */
  @Column({ name: 'request_fingerprint', type: 'text' })
  requestFingerprint: string;

  @Column({ name: 'response_status', type: 'integer', nullable: true })
  responseStatus: number | null;

  /** `json`, not `jsonb`: the text is kept as sent, so a replay is byte-identical. */
  @Column({ name: 'response_body', type: 'json', nullable: true })
  responseBody: unknown;

  @Column({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;
}
