import { Column, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from './columns';

/** Columns of every record a company owns; ownership is what the API checks first. */
export abstract class CompanyRecord {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'company_guid', type: 'text' })
  companyGuid: string;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
