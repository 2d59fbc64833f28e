import { redisConnection } from './redis-connection';
import { settlementJobId } from './jobs';

describe('settlementJobId', () => {
  it('should differ per attempt and contain no colon', () => {
    const first = settlementJobId({ transactionGuid: 'TXabc', attempt: 1, failureCount: 0 });
    expect(first).toBe('TXabc-1-0');
    expect(settlementJobId({ transactionGuid: 'TXabc', attempt: 2, failureCount: 0 })).not.toBe(first);
    expect(settlementJobId({ transactionGuid: 'TXabc', attempt: 1, failureCount: 1 })).not.toBe(first);
    expect(first).not.toContain(':');
  });
});

describe('redisConnection', () => {
  it('should read host, port, password and database from the URL', () => {
    expect(redisConnection('redis://:s%40cret@cache.local:6380/2')).toMatchObject({
      host: 'cache.local',
      port: 6380,
      password: 's@cret',
      db: 2,
      maxRetriesPerRequest: null,
    });
  });
});
