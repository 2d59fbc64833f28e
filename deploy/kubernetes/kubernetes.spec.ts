import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { HorizontalPodAutoscaler } from 'kubernetes-models/autoscaling/v2';
import { Job } from 'kubernetes-models/batch/v1';
import { PodDisruptionBudget } from 'kubernetes-models/policy/v1';
import { ConfigMap, Service } from 'kubernetes-models/v1';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import { parseAllDocuments } from 'yaml';
import { loadConfig } from '@billy/config';
import { QUEUE_WORKER_CONFIG } from '@billy/platform';
import { QUEUE, SETTLEMENT_BATCH_SIZE } from '@billy/queues';

const BASE = join(__dirname, 'base');
const KUBECTL = '/usr/bin/kubectl';

// Each kind the base may render, as the Kubernetes API's own schema checks it.
const MODELS: Record<string, new (data: never) => { validate(): void }> = {
  'v1/ConfigMap': ConfigMap,
  'v1/Service': Service,
  'apps/v1/Deployment': Deployment,
  'batch/v1/Job': Job,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget,
  'autoscaling/v2/HorizontalPodAutoscaler': HorizontalPodAutoscaler,
};

interface Rendered {
  apiVersion: string;
  kind: string;
  metadata: { name: string; labels?: Record<string, string> };
  spec?: Record<string, unknown>;
  data?: Record<string, string>;
}

/** `kubectl kustomize` of the base: what `kubectl apply -k` would send, without a cluster. */
function render(): Rendered[] {
  if (!existsSync(KUBECTL)) {
    throw new Error(`${KUBECTL} is missing: install a kubectl with kustomize v5 (Kubernetes 1.27 or later)`);
  }
  const yaml = execFileSync(KUBECTL, ['kustomize', BASE], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  return parseAllDocuments(yaml).map((document) => document.toJS() as Rendered);
}

describe('deploy/kubernetes/base', () => {
  const objects = render();
  const ofKind = (kind: string) => objects.filter((object) => object.kind === kind);
  const named = (kind: string, name: string) => ofKind(kind).find((object) => object.metadata.name === name);
  const podOf = (object: Rendered) => (object.spec as { template: { spec: IPodSpec } }).template.spec;
  const appContainer = (object: Rendered) => podOf(object).containers.find((c) => c.name === 'app') as IContainer;
  const deployments = ofKind('Deployment');
  const [configMap] = ofKind('ConfigMap');

  it('should render objects that each pass the Kubernetes schema of their kind', () => {
    for (const object of objects) {
      const Model = MODELS[`${object.apiVersion}/${object.kind}`];
      expect(Model).toBeDefined();
      expect(() => new Model(object as never).validate()).not.toThrow();
    }
  });

  it('should run the gateway, the scheduler and the payment worker, a migration Job and one ConfigMap', () => {
    expect(deployments.map((deployment) => deployment.metadata.name).sort()).toEqual([
      'billy-gateway',
      'billy-payment-worker',
      'billy-scheduler',
    ]);
    expect(ofKind('Job').map((job) => job.metadata.name)).toEqual(['billy-migrate']);
    expect(ofKind('ConfigMap')).toHaveLength(1);
  });

  it('should give each app a configuration the apps accept, which migrates in the Job and not at start', () => {
    // The Secret holds these; the base never carries a default for them.
    const secret = { BILLY_SECRET_KEY: 'k'.repeat(48), DATABASE_URL: 'postgres://billy@db:5432/billy' };
    const config = loadConfig({ ...configMap.data, ...secret, NODE_ENV: 'production' });

    expect(config.database.migrateAtStart).toBe(false);
    expect(config.ops.port).toBe(9464);
    expect(JSON.stringify(objects)).not.toMatch(/BILLY_SECRET_KEY|DATABASE_URL/);
  });

  it.each(['billy-gateway', 'billy-scheduler', 'billy-payment-worker'])(
    'should probe %s on its operations port, request resources and read the ConfigMap and the Secret',
    (name) => {
      const deployment = named('Deployment', name) as Rendered;
      const app = appContainer(deployment);
      const ops = app.ports?.find((port) => port.name === 'ops');

      expect(ops?.containerPort).toBe(Number(configMap.data?.BILLY_OPS_PORT));
      expect(app.livenessProbe?.httpGet).toEqual({ path: '/health', port: 'ops' });
      expect(app.readinessProbe?.httpGet).toEqual({ path: '/ready', port: 'ops' });
      expect(app.startupProbe?.httpGet).toEqual({ path: '/health', port: 'ops' });
      expect(Object.keys(app.resources?.requests ?? {}).sort()).toEqual(['cpu', 'memory']);
      expect(app.resources?.limits?.memory).toMatch(/^\d+Mi$/);
      expect(app.envFrom).toEqual([
        { configMapRef: { name: configMap.metadata.name } },
        { secretRef: { name: 'billy-secrets' } },
      ]);
      expect(app.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true });
    },
  );

  it.each(['billy-gateway', 'billy-scheduler', 'billy-payment-worker'])(
    'should start %s only once the migrations are applied, from the same image',
    (name) => {
      const pod = podOf(named('Deployment', name) as Rendered);
      const [wait] = pod.initContainers ?? [];

      expect(wait.command).toEqual(['node', 'dist/apps/gateway/main.js', 'migrate', '--wait']);
      expect(wait.image).toBe(appContainer(named('Deployment', name) as Rendered).image);
    },
  );

  it('should migrate in a Job with the apps image, through the direct URL the Secret gives', () => {
    const [job] = ofKind('Job');
    const [migrate] = podOf(job).containers;

    expect(migrate.command).toEqual(['node', 'dist/apps/gateway/main.js', 'migrate']);
    expect(migrate.image).toBe(appContainer(deployments[0]).image);
    expect(migrate.envFrom).toContainEqual({ secretRef: { name: 'billy-secrets' } });
  });

  it('should leave a worker time to finish every try it has claimed before SIGKILL', () => {
    const worker = podOf(named('Deployment', 'billy-payment-worker') as Rendered);
    // With the config's defaults: its settle jobs' tries through its call slots, each round as long as
    // Stripe's timeout times one call plus its network retries, and the preStop pause first.
    const config = loadConfig({});
    const { stripe } = config.processors;
    const claimed = QUEUE_WORKER_CONFIG[QUEUE.settlement].concurrency(config) * SETTLEMENT_BATCH_SIZE;
    const rounds = Math.ceil(claimed / config.worker.concurrency);
    const longestCallSeconds = (stripe.timeoutMs * (stripe.maxNetworkRetries + 1)) / 1000;

    expect(worker.terminationGracePeriodSeconds).toBeGreaterThan(5 + rounds * longestCallSeconds);
  });

  it('should keep a pod of each app through voluntary disruptions, with selectors that match the pods', () => {
    for (const deployment of deployments) {
      const labels = (deployment.spec as { template: { metadata: { labels: Record<string, string> } } }).template
        .metadata.labels;
      const budget = named('PodDisruptionBudget', deployment.metadata.name) as Rendered;
      const selector = (budget.spec as { selector: { matchLabels: Record<string, string> } }).selector.matchLabels;

      expect(labels).toMatchObject(selector);
    }
  });

  it('should send the gateway Service to the gateway pods on their http port', () => {
    const service = named('Service', 'billy-gateway') as Rendered;
    const gateway = named('Deployment', 'billy-gateway') as Rendered;
    const spec = service.spec as { selector: Record<string, string>; ports: { targetPort: string }[] };

    expect(podOf(gateway).containers[0].ports?.map((port) => port.name)).toContain(spec.ports[0].targetPort);
    expect(
      (gateway.spec as { template: { metadata: { labels: Record<string, string> } } }).template.metadata.labels,
    ).toMatchObject(spec.selector);
  });

  it('should scale the payment workers, and only them, on CPU', () => {
    const [autoscaler] = ofKind('HorizontalPodAutoscaler');

    expect(ofKind('HorizontalPodAutoscaler')).toHaveLength(1);
    expect(autoscaler.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'billy-payment-worker' },
      minReplicas: 2,
    });
  });
});
