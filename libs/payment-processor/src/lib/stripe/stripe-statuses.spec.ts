import { paymentIntentStatus, refundStatus, transferStatus } from './stripe-statuses';

describe('stripe statuses', () => {
  it.each([
    ['succeeded', 'succeeded'],
    ['processing', 'pending'],
    ['requires_capture', 'pending'],
    ['requires_payment_method', 'failed'],
    ['requires_action', 'failed'],
    ['canceled', 'failed'],
  ])('should map a %s PaymentIntent to %s', (status, expected) => {
    expect(paymentIntentStatus(status)).toBe(expected);
  });

  it.each([
    ['succeeded', 'succeeded'],
    ['pending', 'pending'],
    ['requires_action', 'pending'],
    [null, 'pending'],
    ['failed', 'failed'],
    ['canceled', 'failed'],
  ])('should map a %s refund to %s', (status, expected) => {
    expect(refundStatus(status)).toBe(expected);
  });

  it.each([
    [false, 'succeeded'],
    [true, 'failed'],
  ])('should map a transfer to %s when reversed is %s', (reversed, expected) => {
    expect(transferStatus({ reversed })).toBe(expected);
  });
});
