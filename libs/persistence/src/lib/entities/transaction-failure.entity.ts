import { Column, Entity, PrimaryColumn } from 'typeorm';
import { CreatedAtColumn } from './columns';

@Entity({ name: 'transaction_failures' })
export class TransactionFailure {
  @PrimaryColumn({ type: 'text' })
  guid: string;

  @Column({ name: 'transaction_guid', type: 'text' })
  transactionGuid: string;

  @Column({ name: 'error_message', type: 'text' })
  errorMessage: string;

  @Column({ name: 'error_code', type: 'text', nullable: true })
  errorCode: string | null;

  @Column({ name: 'error_number', type: 'integer', nullable: true })
  errorNumber: number | null;

  @CreatedAtColumn()
  createdAt: Date;
}
