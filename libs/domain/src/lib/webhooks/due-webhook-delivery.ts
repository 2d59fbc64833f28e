/** What the webhook queue needs to know of a delivery whose next POST is due. */
export interface DueWebhookDelivery {
  guid: string;
  /** POSTs made so far: the try a job makes is named after it. */
  attemptCount: number;
}
