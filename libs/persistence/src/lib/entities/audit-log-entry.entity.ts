import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from './columns';

/** One authenticated write (POST/PUT/DELETE) and its outcome. */
@Entity({ name: 'audit_log' })
@Index('ix_audit_log_company_created', ['companyGuid', 'createdAt', 'guid'])
export class AuditLogEntry {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'company_guid', type: 'text' })
  companyGuid: string;

  /** The GUID of the API key that acted (AK…); entries older than API keys hold the first 12 hex characters of its hash. */
  @Column({ name: 'api_key_id', type: 'text' })
  apiKeyId: string;

  @Column({ type: 'text' })
  method: string;

  @Column({ type: 'text' })
  path: string;

  @Column({ name: 'resource_guid', type: 'text', nullable: true })
  resourceGuid: string | null;

  @Column({ type: 'integer' })
  status: number;

  @CreatedAtColumn()
  createdAt: Date;
}
