import type { TestClock } from '@billy/persistence';
import type { TestClockJson } from './schemas/test-clock.schema';
import { formatTimestamp } from './timestamps';

export function presentTestClock(clock: TestClock): TestClockJson {
  return {
    guid: clock.guid,
    name: clock.name,
    frozen_time: formatTimestamp(clock.frozenTime),
    status: clock.status,
    company_guid: clock.companyGuid,
    deleted: clock.deleted,
    created_at: formatTimestamp(clock.createdAt),
    updated_at: formatTimestamp(clock.updatedAt),
  };
}
