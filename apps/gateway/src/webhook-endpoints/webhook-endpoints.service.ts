import { Inject, Injectable } from '@nestjs/common';
import { In } from 'typeorm';
import { ALL_EVENT_TYPES, presentWebhookDelivery } from '@billy/api-shapes';
import {
  cancelPendingWebhookDeliveries,
  Company,
  EventType,
  sealedAt,
  WebhookDelivery,
  WebhookDeliveryAttempt,
  WebhookEndpoint,
} from '@billy/persistence';
import { newGuid, SecretBox } from '@billy/crypto';
import { newWebhookSecret, webhookUrlRefusal } from '@billy/webhooks';
import type { BillyConfig } from '@billy/config';
import { BILLY_CONFIG } from '@billy/platform';
import { assertWithinQuota, QUOTAS } from '../database/assert-within-quota';
import { Db } from '../database/db';
import { invalidOperation, validationError } from '../http/api-error';
import { findOwnedOrFail } from '../http/ownership';
import { Page, findPage, newestOf } from '../http/pagination';
import { CreateWebhookEndpointParams } from './webhook-endpoint.params';

export interface IssuedWebhookEndpoint {
  endpoint: WebhookEndpoint;
  /** The signing secret in clear; only the sealed form is stored. */
  secret: string;
}

@Injectable()
export class WebhookEndpointsService {
  constructor(
    private readonly db: Db,
    private readonly secretBox: SecretBox,
    @Inject(BILLY_CONFIG) private readonly config: BillyConfig,
  ) {}

  private get endpoints() {
    return this.db.repository(WebhookEndpoint);
  }

  async create(params: CreateWebhookEndpointParams, company: Company): Promise<IssuedWebhookEndpoint> {
    // A name that resolves to a private address is refused at each delivery instead (DNS can change).
    const refusal = webhookUrlRefusal(params.url, this.config.webhooks.allowPrivateUrls);
    if (refusal) throw validationError(`url: ${refusal}`);
    const secret = newWebhookSecret();
    const types = params.event_types;
    const guid = newGuid('webhookEndpoint');
    const endpoint = await this.db.transaction(async (manager) => {
      await assertWithinQuota(manager, QUOTAS.webhookEndpoints, company.guid);
      return manager.save(
        manager.create(WebhookEndpoint, {
          guid,
          companyGuid: company.guid,
          url: params.url,
          eventTypes: !types || types.includes(ALL_EVENT_TYPES) ? null : ([...new Set(types)] as EventType[]),
          secretSealed: this.secretBox.seal(secret, sealedAt('webhookSecret', guid)),
          status: 'enabled',
        }),
      );
    });
    return { endpoint, secret };
  }

  find(guid: string, company: Company): Promise<WebhookEndpoint> {
    return findOwnedOrFail(this.endpoints, 'webhookEndpoint', guid, company);
  }

  list(page: Page, company: Company): Promise<WebhookEndpoint[]> {
    return findPage(this.endpoints, newestOf('company_guid', company.guid), page);
  }

  /** Soft delete: no new deliveries, and the pending ones are canceled in the same transaction. */
  async delete(guid: string, company: Company): Promise<WebhookEndpoint> {
    await this.find(guid, company);
    return this.db.transaction(async (manager) => {
      const marked = await manager.update(WebhookEndpoint, { guid, deleted: false }, { deleted: true });
      if (marked.affected === 0) throw invalidOperation(`The webhook endpoint ${guid} is already deleted`);
      await cancelPendingWebhookDeliveries(manager, guid);
      return manager.findOneByOrFail(WebhookEndpoint, { guid });
    });
  }

  /** The endpoint's deliveries, newest first, each with its POSTs (one query for all of them). */
  async listDeliveries(endpointGuid: string, page: Page) {
    const deliveries = await findPage(
      this.db.repository(WebhookDelivery),
      newestOf('webhook_endpoint_guid', endpointGuid),
      page,
    );
    const attempts = deliveries.length
      ? await this.db.repository(WebhookDeliveryAttempt).find({
          where: { webhookDeliveryGuid: In(deliveries.map((delivery) => delivery.guid)) },
          order: { attempt: 'ASC' },
        })
      : [];
    return deliveries.map((delivery) =>
      presentWebhookDelivery(
        delivery,
        attempts.filter((attempt) => attempt.webhookDeliveryGuid === delivery.guid),
      ),
    );
  }
}
