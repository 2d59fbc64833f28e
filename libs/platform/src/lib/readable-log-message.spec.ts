import { readableLogMessage } from './readable-log-message';

describe('readableLogMessage', () => {
  it('should write an answered request as method, path, status and time on one line', () => {
    const line = {
      component: 'gateway',
      msg: 'request completed',
      req: { id: 'r1', method: 'POST', url: '/v1/customers' },
      res: { statusCode: 201 },
      responseTime: 4,
    };

    expect(readableLogMessage(line, 'msg')).toBe('gateway: POST /v1/customers 201 4 ms');
  });

  it('should write any other line as its component, context and message', () => {
    expect(readableLogMessage({ component: 'payment-worker', context: 'Settlement', msg: 'started' }, 'msg')).toBe(
      'payment-worker [Settlement]: started',
    );
    expect(readableLogMessage({ component: 'scheduler', msg: 'tick' }, 'msg')).toBe('scheduler: tick');
  });
});
