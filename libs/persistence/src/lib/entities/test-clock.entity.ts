import { Column, Entity } from 'typeorm';
import { CompanyRecord } from './company-record';

export type TestClockStatus = 'ready' | 'advancing';

@Entity({ name: 'test_clocks' })
export class TestClock extends CompanyRecord {
  @Column({ type: 'text', nullable: true })
  name: string | null;

  /** "Now" for every customer attached to this clock. */
  @Column({ name: 'frozen_time', type: 'timestamptz' })
  frozenTime: Date;

  /** While advancing: the time the clock is moving to, one due event at a time. */
  @Column({ name: 'advance_to', type: 'timestamptz', nullable: true })
  advanceTo: Date | null;

  @Column({ type: 'text' })
  status: TestClockStatus;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;
}
