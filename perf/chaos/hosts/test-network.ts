import { execFileSync } from 'node:child_process';

const ip = (...args: string[]) => execFileSync('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] });
const quietly = (run: () => unknown) => {
  try {
    run();
  } catch {
    // Already gone.
  }
};

/** A host of the network: its namespace and its address on the bridge. */
export interface Host {
  name: string;
  namespace: string;
  address: string;
}

/**
 * Hosts on one machine: a Linux bridge in the root namespace, and a network namespace per host joined to it by
 * a veth pair, on a private /24 that exists only here. The root namespace holds addresses of its own on the
 * bridge (the services live there). Cutting a host off from an address is a blackhole route inside the host;
 * nothing else on the machine notices. Made and removed by the run itself.
 */
export class TestNetwork {
  readonly hosts: Host[] = [];
  private readonly prefix: string;

  /** tag: a number below 250 that names this run's bridge, namespaces and subnet. */
  private constructor(private readonly tag: number) {
    this.prefix = `10.213.${tag}`;
  }

  static create(tag: number, rootOctets: number[]): TestNetwork {
    const network = new TestNetwork(tag);
    network.destroy();
    ip('link', 'add', network.bridge, 'type', 'bridge');
    for (const octet of rootOctets) ip('addr', 'add', `${network.address(octet)}/24`, 'dev', network.bridge);
    ip('link', 'set', network.bridge, 'up');
    return network;
  }

  get bridge(): string {
    return `billybr${this.tag}`;
  }

  get cidr(): string {
    return `${this.prefix}.0/24`;
  }

  address(octet: number): string {
    return `${this.prefix}.${octet}`;
  }

  addHost(name: string, octet: number): Host {
    const host = { name, namespace: `billy-${this.tag}-${name}`, address: this.address(octet) };
    const outside = `bv${this.tag}x${octet}`;
    const inside = `bv${this.tag}y${octet}`;
    ip('netns', 'add', host.namespace);
    ip('link', 'add', outside, 'type', 'veth', 'peer', 'name', inside);
    ip('link', 'set', inside, 'netns', host.namespace);
    ip('link', 'set', outside, 'master', this.bridge);
    ip('link', 'set', outside, 'up');
    const inHost = (...args: string[]) => ip('-n', host.namespace, ...args);
    inHost('link', 'set', 'lo', 'up');
    inHost('addr', 'add', `${host.address}/24`, 'dev', inside);
    inHost('link', 'set', inside, 'up');
    this.hosts.push(host);
    return host;
  }

  /** The command line that runs `argv` inside the host. */
  commandIn(host: Host, argv: string[]): string[] {
    return ['ip', 'netns', 'exec', host.namespace, ...argv];
  }

  /** From now on, nothing the host sends to `address` arrives, and what it has open there hangs. */
  cut(host: Host, address: string): void {
    ip('-n', host.namespace, 'route', 'add', 'blackhole', `${address}/32`);
  }

  heal(host: Host, address: string): void {
    quietly(() => ip('-n', host.namespace, 'route', 'del', 'blackhole', `${address}/32`));
  }

  /** Removes every namespace and the bridge of this tag, including a killed run's leftovers. */
  destroy(): void {
    const namespaces = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.split(' ')[0])
      .filter((name) => name.startsWith(`billy-${this.tag}-`));
    for (const namespace of namespaces) quietly(() => ip('netns', 'del', namespace));
    quietly(() => ip('link', 'del', this.bridge));
    this.hosts.length = 0;
  }
}
