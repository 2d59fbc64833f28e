import { RawJson } from '../model';
import type { Gen } from '../operations';
import type { Draft } from './draft';

const ODD_TEXT = ['Ω≈ç√', '田中さん', '😀', '\u202e', "' OR 1=1 --", '<script>', '\ud800x', '\u0007bell'];

/** Harmless oddities on top of the faults (odd headers, extra parameters, odd encodings): the request stays refused for its faults. */
export function addNoise(draft: Draft, g: Gen): void {
  const { rng } = g;
  const hasBody = draft.method !== 'GET' && !draft.rawBody && draft.encoding !== 'none';
  const target = hasBody && draft.encoding !== 'query' ? draft.params : draft.query;
  const choices: [string, () => void][] = [
    ['unknown-params', () => Object.assign(target, { unknown_param: rng.pick(ODD_TEXT), refund_amount: '5', x: '' })],
    [
      'many-params',
      () => {
        for (let i = 0; i < rng.int(100, 500); i += 1) target[`p${i}`] = String(i);
      },
    ],
    ['accept', () => (draft.headers.accept = rng.pick(['text/html', 'application/xml', '*/*', 'image/*;q=0.1', '']))],
    ['origin', () => (draft.headers.origin = rng.pick(['http://evil.example', 'null', 'http://localhost']))],
    ['request-id', () => (draft.headers['x-request-id'] = rng.pick(['r'.repeat(4000), 'ÿÿÿ', '../../etc', ' ', '1']))],
    [
      'forwarded',
      () => {
        draft.headers['x-forwarded-for'] = rng.pick(['garbage, 999.999.1.1', '::ffff:zz', '']);
        draft.headers['x-forwarded-proto'] = rng.pick(['gopher', 'https, http', '']);
        draft.headers['x-forwarded-host'] = rng.pick(['evil.example', 'a b', '']);
      },
    ],
    ['idempotency-key', () => (draft.headers['idempotency-key'] = rng.pick(['k'.repeat(5000), 'ÿ', '']))],
    [
      'content-encoding',
      () => (draft.headers['content-encoding'] = rng.pick(['gzip', 'br', 'deflate', 'identity, gzip', 'x-unknown'])),
    ],
    [
      'query-junk',
      () =>
        (draft.queryJunk = rng.pick([
          '&&=&a[b]=c&=x',
          '&%=%&%zz',
          '&__proto__[x]=1&constructor[prototype][x]=1',
          '&limit',
        ])),
    ],
  ];
  if (hasBody) choices.push(['chunked', () => (draft.chunked = true)]);
  if (hasBody && draft.encoding === 'json') {
    choices.push(['bom', () => (draft.bom = true)]);
    choices.push(['lone-surrogate', () => (draft.params.note = '\ud800\udfff\udc00')]);
    choices.push([
      'deep-json',
      () => {
        // Written as text: a recursive encoder would overflow its own stack first.
        let open = '';
        let close = '';
        for (let depth = rng.int(100, 5000); depth > 0; depth -= 1) {
          const array = rng.chance(0.5);
          open += array ? '[' : '{"a":';
          close = (array ? ']' : '}') + close;
        }
        draft.params.nested = new RawJson(`${open}"bottom"${close}`);
      },
    ]);
    choices.push([
      'charset',
      () =>
        (draft.headers['x-fuzz-content-type'] = rng.pick([
          'application/json; charset=utf-8',
          'APPLICATION/JSON',
          'application/json;charset=latin1',
        ])),
    ]);
  }
  if (hasBody && (draft.encoding === 'form' || draft.encoding === 'split')) {
    choices.push([
      'invalid-utf8',
      () => (draft.invalidUtf8Tail = Buffer.from([0x26, 0x6e, 0x3d, 0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80])),
    ]);
    choices.push(['percent-invalid-utf8', () => (draft.queryJunk += '&note=%FF%FE%C0%AF')]);
    choices.push(['proto-keys', () => (draft.queryJunk += '&__proto__=1&constructor=2&hasOwnProperty=3')]);
  }
  const [label, apply] = rng.pick(choices);
  apply();
  draft.faults.push(`noise:${label}`);
}
