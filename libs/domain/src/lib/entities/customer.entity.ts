import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn, UpdatedAtColumn } from './columns';

@Entity({ name: 'customers' })
export class Customer {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'company_guid', type: 'text' })
  companyGuid: string;

  @Column({ name: 'processor_uri', type: 'text', nullable: true })
  processorUri: string | null;

  @Column({ name: 'test_clock_guid', type: 'text', nullable: true })
  testClockGuid: string | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  @CreatedAtColumn()
  createdAt: Date;

  @UpdatedAtColumn()
  updatedAt: Date;
}
