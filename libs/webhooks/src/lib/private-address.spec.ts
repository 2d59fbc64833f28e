import { isPrivateAddress, privateHostOf, refusingPrivateAddresses } from './private-address';

describe('isPrivateAddress', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.31.255.255',
    '192.168.0.10',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd12:3456::1',
    'fe80::1',
    '::ffff:127.0.0.1',
    // NAT64 of a private IPv4, and the local-use NAT64 prefix whatever it embeds.
    '64:ff9b::10.0.0.1',
    '64:ff9b::a9fe:a9fe',
    '64:ff9b:1::8.8.8.8',
    // IPv4-compatible.
    '::127.0.0.1',
    '::8.8.8.8',
    // 6to4 of 127.0.0.1 and of 169.254.169.254.
    '2002:7f00:1::1',
    '2002:a9fe:a9fe::',
    'fec0::1',
    'feff:ffff::1',
    '100::1',
    '100::ffff:ffff:ffff:ffff',
  ])('should refuse %s when it is or embeds a private address', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each([
    '8.8.8.8',
    '172.32.0.1',
    '192.169.0.1',
    '100.128.0.1',
    '2606:4700::1111',
    '::ffff:8.8.8.8',
    '64:ff9b::8.8.8.8',
    '2002:808:808::1',
    '100:0:0:1::1',
  ])('should allow %s when it reaches a public address', (address) => {
    expect(isPrivateAddress(address)).toBe(false);
  });
});

describe('privateHostOf', () => {
  it('should name localhost and private IP literals without a DNS look-up, and pass names and public IPs', () => {
    expect(privateHostOf('http://localhost:8080/hooks')).toBe('localhost');
    expect(privateHostOf('http://api.localhost/hooks')).toBe('api.localhost');
    expect(privateHostOf('http://[::1]:3000/hooks')).toBe('::1');
    expect(privateHostOf('https://10.0.0.5/hooks')).toBe('10.0.0.5');
    expect(privateHostOf('https://8.8.8.8/hooks')).toBeNull();
    expect(privateHostOf('https://hooks.example.com/billy')).toBeNull();
  });
});

describe('refusingPrivateAddresses', () => {
  // The resolver stands in for DNS, the outside world; shaped as dns.lookup with { all: true }.
  const resolvingTo =
    (...addresses: string[]) =>
    (_host: string, _options: unknown, callback: (...args: unknown[]) => void) =>
      callback(
        null,
        addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 })),
      );
  const lookUp = (resolve: ReturnType<typeof resolvingTo>) =>
    new Promise<{ error: NodeJS.ErrnoException | null; address: unknown }>((done) =>
      refusingPrivateAddresses(resolve as never)('hooks.example.com', { all: true }, (error, address) =>
        done({ error, address }),
      ),
    );

  it('should fail the connection without naming the address when any address of the name is private', async () => {
    const { error } = await lookUp(resolvingTo('93.184.216.34', '10.0.0.7'));

    expect(error).toMatchObject({
      code: 'EPRIVATEADDRESS',
      message: 'Refused: the host resolves to a loopback or private address',
    });
  });

  it('should hand every address on when all are public', async () => {
    const { error, address } = await lookUp(resolvingTo('93.184.216.34', '2606:2800::1'));

    expect(error).toBeNull();
    expect(address).toEqual([
      { address: '93.184.216.34', family: 4 },
      { address: '2606:2800::1', family: 6 },
    ]);
  });
});
