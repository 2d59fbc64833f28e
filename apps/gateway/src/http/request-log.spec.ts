import { loggableUrl } from './request-log';

describe('loggableUrl', () => {
  it('should drop the query string when a request carries parameters in it', () => {
    expect(loggableUrl('/v1/companies?processor_key=sk_live_secret')).toBe('/v1/companies');
  });

  it('should hide the callback key when the path is a processor callback', () => {
    expect(loggableUrl('/v1/companies/CP1/callbacks/KEYsecret/')).toBe('/v1/companies/CP1/callbacks/[hidden]/');
  });

  it('should hide the callback key when the path repeats slashes or changes case', () => {
    expect(loggableUrl('/v1/companies/CP1/callbacks//KEYsecret')).toBe('/v1/companies/CP1/callbacks/[hidden]');
    expect(loggableUrl('/v1/companies/CP1/Callbacks/KEYsecret/')).toBe('/v1/companies/CP1/Callbacks/[hidden]/');
  });

  it('should keep every other path as it is', () => {
    expect(loggableUrl('/v1/invoices/IV1/transactions')).toBe('/v1/invoices/IV1/transactions');
  });
});
