import { performance } from 'node:perf_hooks';
import { DataSource, SelectQueryBuilder } from 'typeorm';
import { loadConfig } from '@billy/config';
import { ApiKey, Company, ENTITIES } from '@billy/persistence';
import { Db } from '../../database/db';
import { ApiKeyLookup } from './api-key-lookup';

const TTL_MS = 1_000;

type Found = ApiKey & { company: Company };

describe('ApiKeyLookup', () => {
  let now: number;
  let db: Db;
  /** When each company's key expires (wall clock), if it does. */
  let expiries: Map<string, Date>;
  // The one read ApiKeyLookup makes: the query builder's getOne, on a DataSource that never connects.
  let getOne: jest.SpiedFunction<SelectQueryBuilder<ApiKey>['getOne']>;

  const lookup = (apiKeyCacheMs = TTL_MS) =>
    new ApiKeyLookup(db, loadConfig({ BILLY_API_KEY_CACHE_MS: String(apiKeyCacheMs) }));
  // The database knows a key for every hash `hash-of-<guid>`, of the company <guid>.
  const keyOf = (keyHash: unknown): Found | null => {
    if (typeof keyHash !== 'string' || !keyHash.startsWith('hash-of-')) return null;
    const guid = keyHash.slice('hash-of-'.length);
    const company = Object.assign(new Company(), { guid });
    return Object.assign(new ApiKey(), { guid: `AK${guid}`, keyHash, expiresAt: expiries.get(guid) ?? null, company });
  };
  const hashesRead = () =>
    getOne.mock.contexts.map((query) => (query as SelectQueryBuilder<ApiKey>).getParameters().keyHash as unknown);

  beforeEach(async () => {
    now = 0;
    expiries = new Map();
    jest.spyOn(performance, 'now').mockImplementation(() => now);
    const dataSource = new DataSource({ type: 'postgres', entities: ENTITIES });
    // The entities' metadata, which initialize() would build while connecting: the query builder needs it.
    await (dataSource as unknown as { buildMetadatas(): Promise<void> }).buildMetadatas();
    db = new Db(dataSource);
    getOne = jest
      .spyOn(SelectQueryBuilder.prototype as SelectQueryBuilder<ApiKey>, 'getOne')
      .mockImplementation(function (this: SelectQueryBuilder<ApiKey>) {
        return Promise.resolve(keyOf(this.getParameters().keyHash as unknown));
      });
  });
  afterEach(() => jest.restoreAllMocks());

  it('should answer the company and the key apart when the key is valid', async () => {
    const found = await lookup().find('hash-of-CP1');
    expect(found).toMatchObject({ company: { guid: 'CP1' }, apiKey: { guid: 'AKCP1', keyHash: 'hash-of-CP1' } });
    expect(found?.apiKey).not.toHaveProperty('company');
  });

  it('should read the database once when a key is used again within the TTL', async () => {
    const apiKeys = lookup();
    await apiKeys.find('hash-of-CP1');
    now = TTL_MS - 1;
    expect(await apiKeys.find('hash-of-CP1')).toMatchObject({ company: { guid: 'CP1' } });
    expect(getOne).toHaveBeenCalledTimes(1);
  });

  it('should read the database again when the TTL has passed', async () => {
    const apiKeys = lookup();
    await apiKeys.find('hash-of-CP1');
    now = TTL_MS;
    await apiKeys.find('hash-of-CP1');
    expect(getOne).toHaveBeenCalledTimes(2);
  });

  it('should keep a key no longer than until it expires when that is sooner than the TTL', async () => {
    expiries.set('CP1', new Date(Date.now() + TTL_MS / 10));
    const apiKeys = lookup();
    await apiKeys.find('hash-of-CP1');
    now = TTL_MS / 5;
    await apiKeys.find('hash-of-CP1');
    expect(getOne).toHaveBeenCalledTimes(2);
  });

  it('should read the database again when the company has been forgotten', async () => {
    const apiKeys = lookup();
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP2');
    apiKeys.forget('CP1');
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP2');
    expect(hashesRead()).toEqual(['hash-of-CP1', 'hash-of-CP2', 'hash-of-CP1']);
  });

  it('should not keep what it read when a company was forgotten during the read', async () => {
    const apiKeys = lookup();
    // The read sees the old key; the rotation commits and forgets before the read returns.
    getOne.mockImplementationOnce(() => {
      apiKeys.forget('CP1');
      return Promise.resolve(keyOf('hash-of-CP1'));
    });
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP1');
    expect(getOne).toHaveBeenCalledTimes(2);
  });

  it('should not remember unknown keys', async () => {
    const apiKeys = lookup();
    expect(await apiKeys.find('unknown')).toBeNull();
    expect(await apiKeys.find('unknown')).toBeNull();
    expect(getOne).toHaveBeenCalledTimes(2);
  });

  it('should read the database every time when the cache is off', async () => {
    const apiKeys = lookup(0);
    await apiKeys.find('hash-of-CP1');
    await apiKeys.find('hash-of-CP1');
    expect(getOne).toHaveBeenCalledTimes(2);
  });

  it('should hand out a company and a key that cannot be changed in place', async () => {
    const found = await lookup().find('hash-of-CP1');
    expect(() => {
      (found?.company as Company).name = 'changed';
    }).toThrow(TypeError);
    expect(() => {
      (found?.apiKey as ApiKey).permissions = 'all';
    }).toThrow(TypeError);
  });
});
