import { createTestEnvironment, type TestEnvironment } from '@billy/testing';
import { ListeningGateway } from './support/listening-gateway';

const TOKEN = 'the-operators-token-for-the-queue-board';
const asOperator = (password: string) => ({
  authorization: `Basic ${Buffer.from(`operator:${password}`).toString('base64')}`,
});

describe('the queue board at /ops/queues (BILLY_OPERATOR_TOKEN)', () => {
  describe('with an operator token', () => {
    let environment: TestEnvironment;
    let gateway: ListeningGateway;

    beforeAll(async () => {
      environment = await createTestEnvironment('queue_board', { BILLY_OPERATOR_TOKEN: TOKEN });
      gateway = await ListeningGateway.start(environment.config);
    });

    afterAll(async () => {
      await gateway?.close();
      await environment.cleanup();
    });

    it('should ask for the token, as a browser understands, when a request has none', async () => {
      const answer = await gateway.send('GET', '/ops/queues');

      expect(answer.status).toBe(401);
      expect(answer.headers.get('www-authenticate')).toMatch(/^Basic realm="Billy queues"/);
      expect(answer.body).toEqual({ error_class: 'AuthenticationError', error_message: expect.any(String) as string });
    });

    it('should refuse a wrong token and an API key, on the page and on its API', async () => {
      const company = await gateway.registerCompany();

      expect((await gateway.send('GET', '/ops/queues', { headers: asOperator('wrong') })).status).toBe(401);
      expect((await gateway.send('GET', '/ops/queues/api/queues', { headers: asOperator('') })).status).toBe(401);
      expect((await gateway.send('GET', '/ops/queues', { headers: { authorization: company.auth } })).status).toBe(401);
    });

    it('should serve the board and list the three queues to the operator', async () => {
      const page = await gateway.send<string>('GET', '/ops/queues', { headers: asOperator(TOKEN) });
      const api = await gateway.send<{ queues: { name: string }[] }>('GET', '/ops/queues/api/queues', {
        headers: asOperator(TOKEN),
      });

      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toMatch(/^text\/html/);
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(api.status).toBe(200);
      expect(api.body.queues.map((queue) => queue.name).sort()).toEqual([
        'billing-scheduler',
        'transaction-settlement',
        'webhook-delivery',
      ]);
    });
  });

  describe('without an operator token', () => {
    let environment: TestEnvironment;
    let gateway: ListeningGateway;

    beforeAll(async () => {
      environment = await createTestEnvironment('queue_board_off');
      gateway = await ListeningGateway.start(environment.config);
    });

    afterAll(async () => {
      await gateway?.close();
      await environment.cleanup();
    });

    it('should serve no board at all', async () => {
      const answer = await gateway.send('GET', '/ops/queues', { headers: asOperator('anything') });

      expect(answer.status).toBe(404);
    });
  });
});
