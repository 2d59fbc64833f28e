import { webhookDeliveryJobId } from './jobs';

describe('webhookDeliveryJobId', () => {
  it('should differ per POST and contain no colon when a delivery is retried', () => {
    const first = webhookDeliveryJobId({ deliveryGuid: 'WDabc', attemptCount: 0 });

    expect(first).toBe('WDabc-0');
    expect(webhookDeliveryJobId({ deliveryGuid: 'WDabc', attemptCount: 1 })).not.toBe(first);
    expect(first).not.toContain(':');
  });
});
