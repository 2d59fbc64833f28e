/** One POST of a webhook delivery that is due: what the webhook queue and the worker's claim name. */
export interface WebhookDeliveryTry {
  guid: string;
  /** POSTs made so far: the try a job makes is named after it. */
  attemptCount: number;
}
