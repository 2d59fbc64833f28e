import type { EntityManager } from 'typeorm';
import { YieldScope, yieldScopeSql } from './yield-scope';

/** How long before its end a trial's subscription.trial_will_end event is written (lifecycle.md §5). */
export const TRIAL_WILL_END_NOTICE = `interval '3 days'`;

/**
 * Marks every trial of the scope that ends within the notice and was not yet
 * noted for its current trial_end; the outbox trigger writes one
 * subscription.trial_will_end event per marked row. One statement per scope.
 */
export async function noteEndingTrials(manager: EntityManager, scope: YieldScope): Promise<number> {
  const { filter, now, params } = yieldScopeSql(scope, 1);
  const [, noted]: [unknown, number] = await manager.query(
    `UPDATE subscriptions s SET trial_will_end_for = s.trial_end
     WHERE NOT s.canceled AND s.trial_end IS NOT NULL AND ${filter}
       AND s.trial_end > ${now} AND s.trial_end <= ${now} + ${TRIAL_WILL_END_NOTICE}
       AND s.trial_will_end_for IS DISTINCT FROM s.trial_end`,
    params,
  );
  return noted;
}
