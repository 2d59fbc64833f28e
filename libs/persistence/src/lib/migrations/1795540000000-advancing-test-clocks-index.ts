import { MigrationInterface, QueryRunner } from 'typeorm';

/** The scheduler lists advancing clocks every tick; keep that off a full scan. */
export class AdvancingTestClocksIndex1795540000000 implements MigrationInterface {
  name = 'AdvancingTestClocksIndex1795540000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX ix_test_clocks_advancing ON test_clocks (guid) WHERE status = 'advancing'`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP INDEX ix_test_clocks_advancing`);
  }
}
