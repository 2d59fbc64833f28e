import { bullmqConnection } from './redis-connection';
import { settlementJobId } from './jobs';

describe('settlementJobId', () => {
  const one = (guid: string, attempt = 1, failureCount = 0) => ({ tries: [{ guid, attempt, failureCount }] });

  it('should name a single try readably and differ per attempt and failure count', () => {
    const first = settlementJobId(one('TXabc'));
    expect(first).toBe('TXabc-1-0');
    expect(settlementJobId(one('TXabc', 2))).not.toBe(first);
    expect(settlementJobId(one('TXabc', 1, 1))).not.toBe(first);
  });

  it('should give the same batch the same id and any other batch another, without a colon', () => {
    const batch = { tries: [...one('TXa').tries, ...one('TXb').tries] };
    const id = settlementJobId(batch);

    expect(settlementJobId({ tries: [...batch.tries] })).toBe(id);
    expect(settlementJobId({ tries: [...one('TXa').tries, ...one('TXb', 2).tries] })).not.toBe(id);
    expect(settlementJobId({ tries: [...one('TXa').tries, ...one('TXc').tries] })).not.toBe(id);
    expect(id).toMatch(/^batch-2-[\w-]+$/);
  });
});

describe('bullmqConnection', () => {
  it('should read host, port, password and database from the URL', () => {
    expect(bullmqConnection({ url: 'redis://:s%40cret@cache.local:6380/2', clusterNodes: null })).toMatchObject({
      host: 'cache.local',
      port: 6380,
      password: 's@cret',
      db: 2,
      maxRetriesPerRequest: null,
    });
  });
});
