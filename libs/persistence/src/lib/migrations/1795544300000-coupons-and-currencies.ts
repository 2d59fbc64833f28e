import { MigrationInterface, QueryRunner } from 'typeorm';

/*
 * Coupons and currencies (lifecycle.md §6, §7). Money keeps its integer minor
 * units; every row that holds an amount says in which currency, and rows made
 * before this migration are in `usd`, the one currency Billy knew. A
 * subscription keeps its plan's currency (a plan change cannot cross
 * currencies), so its invoices copy it without a join.
 *
 * A subscription's discount is its coupon and how many period invoices it
 * still covers (NULL: a `forever` coupon). `times_redeemed` can never pass
 * `max_redemptions`: the redemption is one conditional UPDATE, and the check
 * constraint says so to anyone who writes another.
 */

const MONEY_TABLES = ['plans', 'subscriptions', 'invoices', 'transactions'];

export class CouponsAndCurrencies1795544300000 implements MigrationInterface {
  name = 'CouponsAndCurrencies1795544300000';

  async up(db: QueryRunner): Promise<void> {
    for (const table of MONEY_TABLES) {
      await db.query(`ALTER TABLE ${table} ADD COLUMN currency text NOT NULL DEFAULT 'usd'`);
    }

    await db.query(`
      CREATE TABLE coupons (
        guid text PRIMARY KEY,
        company_guid text NOT NULL REFERENCES companies (guid),
        name text,
        percent_off integer CHECK (percent_off BETWEEN 1 AND 100),
        amount_off bigint CHECK (amount_off >= 1),
        currency text,
        duration text NOT NULL CHECK (duration IN ('once', 'repeating', 'forever')),
        duration_in_periods integer CHECK (duration_in_periods >= 1),
        max_redemptions integer CHECK (max_redemptions >= 1),
        redeem_by timestamptz,
        times_redeemed integer NOT NULL DEFAULT 0,
        deleted boolean NOT NULL DEFAULT false,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT ck_coupons_off CHECK (
          (percent_off IS NOT NULL AND amount_off IS NULL AND currency IS NULL)
          OR (percent_off IS NULL AND amount_off IS NOT NULL AND currency IS NOT NULL)),
        CONSTRAINT ck_coupons_duration CHECK ((duration = 'repeating') = (duration_in_periods IS NOT NULL)),
        CONSTRAINT ck_coupons_redemptions CHECK (times_redeemed <= max_redemptions))`);
    // The company's list, newest first, as every list (billy.md §2.8).
    await db.query(`CREATE INDEX ix_coupons_company ON coupons (company_guid, created_at DESC, guid DESC)`);
    await db.query(`
      CREATE TRIGGER outbox_coupon_created AFTER INSERT ON coupons
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION billy_record_inserted('coupon.created')`);

    await db.query(`
      ALTER TABLE subscriptions
        ADD COLUMN coupon_guid text REFERENCES coupons (guid),
        ADD COLUMN discount_periods_remaining integer CHECK (discount_periods_remaining >= 1)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE subscriptions DROP COLUMN coupon_guid, DROP COLUMN discount_periods_remaining`);
    await db.query(`DROP TABLE coupons`);
    for (const table of MONEY_TABLES) {
      await db.query(`ALTER TABLE ${table} DROP COLUMN currency`);
    }
  }
}
