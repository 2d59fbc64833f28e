import { ProcessorError } from '../processor-errors';
import { describeFailure } from './describe-failure';

describe('describeFailure', () => {
  it('should follow the dunning schedule when the processor rejects the input as invalid', () => {
    const failure = describeFailure(new ProcessorError('InvalidFundingInstrument', 'no such card', 'invalid'));

    expect(failure).toEqual({ kind: 'declined', message: 'no such card', code: null, retryAfterMs: null });
  });

  it('should keep the code and the wait when the processor rate-limits the call', () => {
    const failure = describeFailure(new ProcessorError('RateLimited', 'slow down', 'transient', 'rate_limit', 1500));

    expect(failure).toEqual({ kind: 'transient', message: 'slow down', code: 'rate_limit', retryAfterMs: 1500 });
  });

  it('should treat the failure as transient when the error is not a processor error', () => {
    const failure = describeFailure(new Error('socket hang up'));

    expect(failure).toEqual({ kind: 'transient', message: 'socket hang up', code: null, retryAfterMs: null });
  });
});
