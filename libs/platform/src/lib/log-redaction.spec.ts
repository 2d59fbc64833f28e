import { Writable } from 'node:stream';
import pino from 'pino';
import { LOG_REDACTION } from './log-redaction';

function lineOf(entry: object): string {
  let written = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString('utf8');
      done();
    },
  });
  pino({ redact: LOG_REDACTION }, sink).info(entry, 'logged');
  return written;
}

describe('LOG_REDACTION', () => {
  it('should censor credentials in request headers, at the top and in a body when they are logged', () => {
    const line = lineOf({
      req: { method: 'POST', headers: { authorization: 'Basic QUtrZXk6', 'billy-signup-token': 'tok-8a7b' } },
      api_key: 'top-level-key',
      body: { processor_key: 'sk_live_body', processor_webhook_secret: 'whsec_body', amount: 1000 },
      webhookSecret: 'whsec_code',
      callbackUrl: 'http://billy/v1/companies/CP1/callbacks/cbkey/',
    });
    for (const secret of [
      'QUtrZXk6',
      'tok-8a7b',
      'top-level-key',
      'sk_live_body',
      'whsec_body',
      'whsec_code',
      'cbkey',
    ]) {
      expect(line).not.toContain(secret);
    }
    expect(JSON.parse(line)).toMatchObject({
      req: { method: 'POST', headers: { authorization: '[redacted]' } },
      body: { processor_key: '[redacted]', amount: 1000 },
    });
  });
});
