import { performance } from 'node:perf_hooks';
import type { BillyConfig } from '@billy/config';
import type { Company } from '@billy/persistence';
import type { Db } from '../../database/db';
import { ApiKeyLookup } from './api-key-lookup';

const TTL_MS = 1_000;

describe('ApiKeyLookup', () => {
  let now: number;
  let findOneBy: jest.Mock;

  const lookup = (apiKeyCacheMs = TTL_MS) => {
    const db = { repository: () => ({ findOneBy }) } as unknown as Db;
    return new ApiKeyLookup(db, { http: { apiKeyCacheMs } } as BillyConfig);
  };
  const company = (guid: string) => ({ guid, apiKeyHash: `hash-of-${guid}` }) as Company;

  beforeEach(() => {
    now = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    findOneBy = jest.fn(async ({ apiKeyHash }: { apiKeyHash: string }) =>
      apiKeyHash.startsWith('hash-of-') ? company(apiKeyHash.slice('hash-of-'.length)) : null,
    );
  });
  afterEach(() => jest.restoreAllMocks());

  it('should read the database once when a key is used again within the TTL', async () => {
    const apiKeys = lookup();
    await apiKeys.find('hash-of-CP1');
    now = TTL_MS - 1;
    expect(await apiKeys.find('hash-of-CP1')).toMatchObject({ guid: 'CP1' });
    expect(findOneBy).toHaveBeenCalledTimes(1);
  });

  it('should read the database again when the TTL has passed', async () => {
    const apiKeys = lookup();
    await apiKeys.find('hash-of-CP1');
    now = TTL_MS;
    await apiKeys.find('hash-of-CP1');
    expect(findOneBy).toHaveBeenCalledTimes(2);
  });

  it('should read the database again when the company has been forgotten', async () => {
    const apiKeys = lookup();
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP2');
    apiKeys.forget('CP1');
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP2');
    expect(findOneBy.mock.calls.map(([where]) => where.apiKeyHash)).toEqual([
      'hash-of-CP1',
      'hash-of-CP2',
      'hash-of-CP1',
    ]);
  });

  it('should not keep what it read when a company was forgotten during the read', async () => {
    const apiKeys = lookup();
    // The read sees the old key; the rotation commits and forgets before the read returns.
    findOneBy.mockImplementationOnce(async () => {
      apiKeys.forget('CP1');
      return company('CP1');
    });
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP1');
    expect(findOneBy).toHaveBeenCalledTimes(2);
  });

  it('should not remember unknown keys', async () => {
    const apiKeys = lookup();
    expect(await apiKeys.find('unknown')).toBeNull();
    expect(await apiKeys.find('unknown')).toBeNull();
    expect(findOneBy).toHaveBeenCalledTimes(2);
  });

  it('should read the database every time when the cache is off', async () => {
    const apiKeys = lookup(0);
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP1');
    expect(findOneBy).toHaveBeenCalledTimes(2);
  });

  it('should hand out a company that cannot be changed in place', async () => {
    const found = (await lookup().find('hash-of-CP1')) as Company;
    expect(() => {
      found.apiKeyHash = 'changed';
    }).toThrow(TypeError);
  });
});
