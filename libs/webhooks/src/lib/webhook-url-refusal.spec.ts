import { webhookUrlRefusal } from './webhook-url-refusal';

describe('webhookUrlRefusal', () => {
  it.each([
    ['http://hooks.example.com/billy', null],
    ['https://hooks.example.com:443/billy', null],
    ['http://hooks.example.com:80/billy', null],
    ['http://hooks.example.com:443/billy', null],
    ['https://hooks.example.com:8443/billy', 'port 8443 is not allowed, only 80 and 443'],
    ['http://8.8.8.8:25/billy', 'port 25 is not allowed, only 80 and 443'],
    ['http://localhost/billy', 'localhost is a loopback or private address'],
    ['https://[fd00::1]:8443/billy', 'fd00::1 is a loopback or private address'],
  ])('should answer for %s: %s', (url, refusal) => {
    expect(webhookUrlRefusal(url, false)).toBe(refusal);
  });

  it('should refuse nothing when private URLs are allowed', () => {
    expect(webhookUrlRefusal('http://127.0.0.1:8080/billy', true)).toBeNull();
  });
});
