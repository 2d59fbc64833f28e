import { isPrivateAddress, privateAddressOf, privateHostOf } from './private-address';

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
  ])('should refuse %s', (address) => {
    expect(isPrivateAddress(address)).toBe(true);
  });

  it.each(['8.8.8.8', '172.32.0.1', '192.169.0.1', '100.128.0.1', '2606:4700::1111', '::ffff:8.8.8.8'])(
    'should allow %s',
    (address) => {
      expect(isPrivateAddress(address)).toBe(false);
    },
  );
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

describe('privateAddressOf', () => {
  // The resolver stands in for DNS, the outside world.
  const resolvingTo =
    (...addresses: string[]) =>
    async () =>
      addresses;

  it('should find the private address among those a name resolves to', async () => {
    await expect(
      privateAddressOf('https://hooks.example.com/x', resolvingTo('93.184.216.34', '10.0.0.7')),
    ).resolves.toBe('10.0.0.7');
  });

  it('should pass a name whose every address is public, and a public IP literal without a look-up', async () => {
    const never = async (): Promise<string[]> => {
      throw new Error('looked up');
    };
    await expect(privateAddressOf('https://hooks.example.com/x', resolvingTo('93.184.216.34'))).resolves.toBeNull();
    await expect(privateAddressOf('https://1.1.1.1/hooks', never)).resolves.toBeNull();
    await expect(privateAddressOf('http://127.0.0.1:9/hooks', never)).resolves.toBe('127.0.0.1');
  });
});
