import { formEncode, jsonEncode } from '../../encode';
import type { Fault } from '../draft';

/** A body that cannot be read: broken or unsupported JSON, a wrong content type, too large, not an object. */
export const encodingFault: Fault = (draft, g) => {
  const { rng } = g;
  const json = jsonEncode(draft.params);
  const objectBody = Boolean(draft.op.readsParams) || draft.op.family === 'callbacks';
  const variants: (() => [string, Buffer | string, string | null])[] = [
    () => ['truncated-json', json.length > 2 ? json.slice(0, rng.int(1, json.length - 1)) : '{', 'application/json'],
    () => ['trailing-garbage-json', json + rng.pick(['}', ',', 'x', ']', '{}', '\u0000']), 'application/json'],
    () => ['single-quoted-json', json === '{}' ? "{'a': 1}" : json.replace(/"/g, "'"), 'application/json'],
    () => [
      'invalid-json',
      rng.pick([
        '{"amount": NaN}',
        '{"a": undefined}',
        '{a: 1}',
        '{"a": 1,}',
        '{"a": 01}',
        '{"a": .5}',
        '{/* comment */}',
        '{"a": "\\x41"}',
        '{"a": "unterminated}',
        '{"a"}',
        '{,}',
        'nul',
        '{"a":1}{"b":2}',
        '\u00ff\u00fe',
      ]),
      'application/json',
    ],
    () => [
      'proto-poisoning',
      rng.pick(['{"__proto__": {"isAdmin": true}}', '{"constructor": {"prototype": {"isAdmin": true}}}']),
      'application/json',
    ],
    () => ['empty-json', '', 'application/json'],
    () => ['utf16-json', Buffer.from(`\ufeff${json}`, 'utf16le'), 'application/json'],
    () => [
      'unsupported-content-type',
      rng.pick(['<plan><amount>5</amount></plan>', json, 'a,b,c', '\u0089PNG']),
      rng.pick([
        'application/xml',
        'text/xml',
        'application/octet-stream',
        'image/png',
        'text/csv',
        'application/x-msgpack',
        'multipart/form-data',
        'multipart/form-data; boundary=fuzz',
      ]),
    ],
    () => ['invalid-content-type', json, rng.pick(['garbage', '/', 'a b/c d', 'application/', '/json'])],
    () => ['no-content-type', rng.chance(0.5) ? json : formEncode(draft.params) || 'a=b', null],
    ...(objectBody
      ? [
          (): [string, string, string] => [
            'not-an-object',
            rng.pick(['[]', '[{"amount": 1}]', '"text"', '42', 'true', 'false']),
            'application/json',
          ],
        ]
      : []),
  ];
  const make = rng.chance(0.01)
    ? (): [string, Buffer | string, string | null] => [
        'too-large',
        `{"a":"${'x'.repeat(1_100_000)}"}`,
        'application/json',
      ]
    : rng.pick(variants);
  const [label, body, contentType] = make();
  draft.rawBody = { bytes: Buffer.isBuffer(body) ? body : Buffer.from(body, 'utf8'), contentType };
  draft.faults.push(`encoding:${label}`);
};
