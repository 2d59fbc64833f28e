import type { Repository } from 'typeorm';
import { Company } from '@billy/persistence';
import { GuidKind, isGuidOf } from '@billy/crypto';
import { selectEntities } from '../database/select-entities';
import { forbidden, notFound, validationError } from './api-error';

interface Owned {
  guid: string;
  companyGuid: string;
}

const LABEL: Partial<Record<GuidKind, string>> = {
  customer: 'customer',
  plan: 'plan',
  coupon: 'coupon',
  subscription: 'subscription',
  invoice: 'invoice',
  transaction: 'transaction',
  testClock: 'test clock',
  event: 'event',
  webhookEndpoint: 'webhook endpoint',
  apiKey: 'API key',
};

/**
 * Loads an entity named by a GUID in the path: 404 when there is no such entity
 * of that kind, 403 when it belongs to another company (extensions.md).
 */
export async function findOwnedOrFail<T extends Owned>(
  repository: Repository<T>,
  kind: GuidKind,
  guid: string,
  company: Company,
): Promise<T> {
  const found = isGuidOf(kind, guid) ? await findByGuid(repository, guid) : null;
  if (!found) throw notFound(`No ${LABEL[kind]} with GUID ${guid}`);
  if (found.companyGuid !== company.guid) throw forbidden(`The ${LABEL[kind]} ${guid} belongs to another company`);
  return found;
}

/**
 * Loads an entity named by a GUID in the request body: an unknown GUID is a
 * validation error (400), another company's entity a 403 (extensions.md).
 */
export async function findReferencedOrFail<T extends Owned>(
  repository: Repository<T>,
  kind: GuidKind,
  parameter: string,
  guid: string,
  company: Company,
): Promise<T> {
  const found = isGuidOf(kind, guid) ? await findByGuid(repository, guid) : null;
  if (!found) throw validationError(`${parameter}: no ${LABEL[kind]} with GUID ${guid}`);
  if (found.companyGuid !== company.guid) throw forbidden(`The ${LABEL[kind]} ${guid} belongs to another company`);
  return found;
}

/** As findReferencedOrFail, for a kind that is deleted softly: referencing a deleted one is a 400 too. */
export async function findLiveReferenceOrFail<T extends Owned & { deleted: boolean }>(
  repository: Repository<T>,
  kind: GuidKind,
  parameter: string,
  guid: string,
  company: Company,
): Promise<T> {
  const found = await findReferencedOrFail(repository, kind, parameter, guid, company);
  if (found.deleted) throw validationError(`${parameter}: the ${LABEL[kind]} ${found.guid} is deleted`);
  return found;
}

async function findByGuid<T extends Owned>(repository: Repository<T>, guid: string): Promise<T | undefined> {
  return (await selectEntities(repository, 'WHERE guid = $1', [guid]))[0];
}
