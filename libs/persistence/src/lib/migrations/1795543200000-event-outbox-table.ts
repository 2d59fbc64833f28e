import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Events wait for the webhook relay in a narrow table of their own. The relay
 * marked each event dispatched with an UPDATE, which rewrote the whole event
 * (its jsonb snapshot and five index entries): pg_stat_statements put that
 * near the top of a billing day. Now an event's insert also queues its seq here,
 * from one statement trigger, and the relay deletes what it has relayed.
 */
export class EventOutboxTable1795543200000 implements MigrationInterface {
  name = 'EventOutboxTable1795543200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE TABLE event_outbox (seq bigint PRIMARY KEY, event_guid text NOT NULL)`);
    await db.query(
      `INSERT INTO event_outbox (seq, event_guid) SELECT seq, guid FROM events WHERE dispatched_at IS NULL`,
    );
    await db.query(`
      CREATE FUNCTION billy_queue_events() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO event_outbox (seq, event_guid) SELECT seq, guid FROM new_events;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER outbox_queue_events AFTER INSERT ON events
      REFERENCING NEW TABLE AS new_events FOR EACH STATEMENT EXECUTE FUNCTION billy_queue_events()`);
    await db.query(`DROP INDEX ix_events_undispatched`);
    await db.query(`ALTER TABLE events DROP COLUMN dispatched_at`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE events ADD COLUMN dispatched_at timestamptz`);
    await db.query(`
      UPDATE events e SET dispatched_at = now()
      WHERE NOT EXISTS (SELECT 1 FROM event_outbox o WHERE o.seq = e.seq)`);
    await db.query(`CREATE INDEX ix_events_undispatched ON events (seq) WHERE dispatched_at IS NULL`);
    await db.query(`DROP TRIGGER outbox_queue_events ON events`);
    await db.query(`DROP FUNCTION billy_queue_events()`);
    await db.query(`DROP TABLE event_outbox`);
  }
}
