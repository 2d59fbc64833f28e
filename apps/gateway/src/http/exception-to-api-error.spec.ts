import { ProcessorError } from '@billy/payment-processor';
import { toApiError } from './exception-to-api-error';

describe('toApiError', () => {
  it('should answer 400 with the processor error class when the processor refuses the input', () => {
    const error = toApiError(new ProcessorError('InvalidFundingInstrument', 'No such card', 'invalid'));

    expect([error?.status, error?.toBody()]).toEqual([
      400,
      { error_class: 'InvalidFundingInstrument', error_message: 'No such card' },
    ]);
  });

  it('should answer 503, not 500, when the processor cannot be reached', () => {
    const error = toApiError(new ProcessorError('ProcessorUnavailable', 'connect ECONNREFUSED', 'transient'));

    expect([error?.status, error?.toBody().error_class]).toEqual([503, 'ProcessorUnavailable']);
  });

  it('should leave an unexpected error to the 500 path', () => {
    expect(toApiError(new TypeError('bug'))).toBeNull();
  });
});
