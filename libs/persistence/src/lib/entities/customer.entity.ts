import { Column, Entity } from 'typeorm';
import { CompanyRecord } from './company-record';

@Entity({ name: 'customers' })
export class Customer extends CompanyRecord {
  @Column({ name: 'processor_uri', type: 'text', nullable: true })
  processorUri: string | null;

  @Column({ name: 'test_clock_guid', type: 'text', nullable: true })
  testClockGuid: string | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
