import { performance } from 'node:perf_hooks';
import { DataSource, FindOptionsWhere, Repository } from 'typeorm';
import { loadConfig } from '@billy/config';
import { Company, ENTITIES } from '@billy/persistence';
import { Db } from '../../database/db';
import { ApiKeyLookup } from './api-key-lookup';

const TTL_MS = 1_000;

describe('ApiKeyLookup', () => {
  let now: number;
  let db: Db;
  // The one read ApiKeyLookup makes, on the real repository of a DataSource that never connects.
  let findOneBy: jest.SpiedFunction<Repository<Company>['findOneBy']>;

  const lookup = (apiKeyCacheMs = TTL_MS) =>
    new ApiKeyLookup(db, loadConfig({ BILLY_API_KEY_CACHE_MS: String(apiKeyCacheMs) }));
  const company = (guid: string) => Object.assign(new Company(), { guid, apiKeyHash: `hash-of-${guid}` });
  // The database knows a company for every hash `hash-of-<guid>`.
  const companyOfKey = (where: FindOptionsWhere<Company> | FindOptionsWhere<Company>[]) => {
    const hash = Array.isArray(where) ? undefined : where.apiKeyHash;
    return typeof hash === 'string' && hash.startsWith('hash-of-') ? company(hash.slice('hash-of-'.length)) : null;
  };

  beforeEach(() => {
    now = 0;
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    const dataSource = new DataSource({ type: 'postgres', entities: ENTITIES });
    db = new Db(dataSource);
    findOneBy = jest
      .spyOn(dataSource.getRepository(Company), 'findOneBy')
      .mockImplementation((where) => Promise.resolve(companyOfKey(where)));
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
    expect(findOneBy.mock.calls).toEqual(
      ['hash-of-CP1', 'hash-of-CP2', 'hash-of-CP1'].map((apiKeyHash) => [{ apiKeyHash, deleted: false }]),
    );
  });

  it('should not keep what it read when a company was forgotten during the read', async () => {
    const apiKeys = lookup();
    // The read sees the old key; the rotation commits and forgets before the read returns.
    findOneBy.mockImplementationOnce(() => {
      apiKeys.forget('CP1');
      return Promise.resolve(company('CP1'));
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
