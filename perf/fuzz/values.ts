import { KINDS, Kind, PREFIX, type CompanyFixture } from './fixtures';
import { RawJson, type ParamValue } from './model';
import type { Rng } from './prng';

/*
 * Pools of bad values, one per kind of parameter. Every value in a pool must be
 * rejected for that parameter whatever the other parameters are, so a request
 * carrying one is bad by construction. Values marked `json` only exist in a
 * JSON body (a form or query string can only carry strings and repeated keys).
 */

/** Marks a parameter to leave out. */
export class Remove {
  readonly remove = true;
}

export const REMOVE = new Remove();

export interface BadValue {
  label: string;
  value: ParamValue | Remove;
  /** Only expressible in JSON. */
  json?: boolean;
}

const BASE58 = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const MAX_SAFE = Number.MAX_SAFE_INTEGER;

/** Strings that are strange but short: unicode, control characters, injection attempts. */
const ODD_STRINGS = [
  'Ω≈ç√∫˜µ≤≥÷',
  '田中さんにあげて下さい',
  '😀🎉👩‍👩‍👧‍👦',
  '\u202eRTL override',
  'zero\u200bwidth\u200d',
  'Z̴̧̛a̶̢l̷g̸o̵',
  "' OR '1'='1",
  '"; DROP TABLE invoices; --',
  '<script>alert(1)</script>',
  '${7*7}{{7*7}}',
  '../../etc/passwd',
  '%00%FF%E0%A4%A',
  '\\x00\\uFFFF',
];

const huge = (rng: Rng, unit: string, min: number, max: number) => unit.repeat(rng.int(min, max));

export function badRequiredText(rng: Rng, maxLength: number): BadValue {
  return rng.pick<() => BadValue>([
    () => ({ label: 'missing', value: REMOVE }),
    () => ({ label: 'empty', value: '' }),
    () => ({ label: 'blank', value: rng.pick([' ', '   ', '\t', '\r\n', '\u00a0', '\u3000 \u2003']) }),
    () => tooLong(rng, maxLength),
    () => ({ label: 'duplicated', value: ['first', 'second'] }),
    () => ({ label: 'nul', value: `a\u0000b${rng.pick(ODD_STRINGS)}` }),
    ...wrongTypes(rng, true),
  ])();
}

export function badOptionalText(rng: Rng, maxLength: number): BadValue {
  return rng.pick<() => BadValue>([
    () => tooLong(rng, maxLength),
    () => ({ label: 'duplicated', value: ['first', 'second'] }),
    () => ({ label: 'nul', value: `${rng.pick(ODD_STRINGS)}\u0000` }),
    ...wrongTypes(rng, false),
  ])();
}

function tooLong(rng: Rng, maxLength: number): BadValue {
  return rng.pick<BadValue>([
    { label: 'too-long', value: 'x'.repeat(maxLength + 1) },
    { label: 'too-long-unicode', value: huge(rng, '€', maxLength + 1, maxLength + 50) },
    // Length counts code points (validator.js): an emoji is one.
    { label: 'too-long-emoji', value: huge(rng, '😀', maxLength + 1, maxLength + 10) },
    { label: 'huge', value: huge(rng, 'A', 50_000, 200_000) },
    { label: 'huge-unicode', value: huge(rng, 'Ω田', 20_000, 60_000) },
  ]);
}

/** Values of the wrong JSON type; `required` adds null (which means "absent" for optional fields). */
function wrongTypes(rng: Rng, required: boolean): (() => BadValue)[] {
  return [
    () => ({ label: 'number', value: rng.pick([0, 42, -1.5, 1e308]), json: true }),
    () => ({ label: 'boolean', value: rng.chance(0.5), json: true }),
    () => ({ label: 'array', value: rng.pick<ParamValue[]>([[], ['a'], [1, 2], [null]]), json: true }),
    () => ({ label: 'object', value: rng.pick<ParamValue>([{}, { $ne: null }, { a: { b: 'c' } }]), json: true }),
    ...(required ? [() => ({ label: 'null', value: null, json: true })] : []),
  ];
}

/** Integers: wrong format, out of range (negative, overflowing), wrong JSON type. */
export function badInteger(rng: Rng, min: number, max: number, required: boolean): BadValue {
  const below = min - rng.pick([1, 2, 1000, MAX_SAFE]);
  return rng.pick<() => BadValue>([
    ...(required ? [() => ({ label: 'missing', value: REMOVE }), () => ({ label: 'empty', value: '' })] : []),
    () => ({
      label: 'not-an-integer',
      value: rng.pick([
        'abc',
        '1.5',
        '1.0',
        '1e3',
        '0x1F',
        '--5',
        '5-',
        '1,000',
        '1_000',
        '١٢٣',
        '½',
        'NaN',
        'Infinity',
        '-Infinity',
        'null',
        'true',
        '   ',
        '+',
        '12abc',
        '0b101',
      ]),
    }),
    () => ({ label: 'below-minimum', value: String(below) }),
    () => ({ label: 'below-minimum', value: below, json: true }),
    () => ({ label: 'overflow', value: rng.pick([String(max + 1), '9007199254740993', '18446744073709551616']) }),
    () => ({
      label: 'overflow',
      value: rng.pick(['9'.repeat(400), '-9'.repeat(1) + '9'.repeat(400), '1'.repeat(5000)]),
    }),
    () => ({ label: 'overflow', value: rng.pick([max + 1, 2 ** 64, 1e308, -1e308]), json: true }),
    () => ({
      label: 'overflow',
      value: rng.pick([new RawJson('1e400'), new RawJson('-1e400'), new RawJson('123456789012345678901234567890')]),
      json: true,
    }),
    () => ({ label: 'fraction', value: rng.pick([1.5, min + 0.5, -0.25]), json: true }),
    () => ({ label: 'duplicated', value: [String(Math.max(min, 0) + 60), String(Math.max(min, 0) + 61)] }),
    () => ({ label: 'boolean', value: rng.chance(0.5), json: true }),
    () => ({ label: 'array', value: rng.pick<ParamValue[]>([[], [min + 100]]), json: true }),
    () => ({ label: 'object', value: { value: min + 100 }, json: true }),
    ...(required ? [() => ({ label: 'null', value: null, json: true })] : []),
  ])();
}

export function badWord(rng: Rng, allowed: readonly string[]): BadValue {
  const word = rng.pick(allowed);
  return rng.pick<BadValue>([
    { label: 'missing', value: REMOVE },
    { label: 'empty', value: '' },
    { label: 'unknown-word', value: rng.pick(['decade', 'super_charge', 'fortnightly', 'refund', 'none']) },
    { label: 'padded', value: ` ${word} ` },
    {
      label: 'unicode-lookalike',
      value: word.replace(/[a-z]/, (letter) => String.fromCharCode(letter.charCodeAt(0) + 0xfee0)),
    },
    { label: 'accented', value: `${word}\u0301` },
    { label: 'nul', value: `${word}\u0000` },
    { label: 'duplicated', value: [word, word] },
    { label: 'number', value: 1, json: true },
    { label: 'null', value: null, json: true },
    { label: 'array', value: [word], json: true },
  ]);
}

const MALFORMED_TIMESTAMPS = [
  'BAD_DATETIME',
  '2013',
  '2013-13-01T00:00:00Z',
  '2013-02-30T00:00:00Z',
  '2013-01-01T24:00:00Z',
  '2013-01-01T00:60:00Z',
  '2013-01-01T00:00:61Z',
  '2013-01-01T00:00',
  '2013/01/01 00:00:00',
  '13-01-01T00:00:00Z',
  '0000-01-01T00:00:00Z',
  '2013-01-01T00:00:00Z trailing',
  '2013-01-01T00:00:00+0800junk',
  '+275760-09-13T00:00:00Z',
  '２０１３-０１-０１',
  'now',
  'tomorrow',
];

/** A timestamp that does not parse. `past` adds one that parses but is before the fixtures' clocks. */
export function badTimestamp(rng: Rng, options: { required: boolean; past: boolean }): BadValue {
  return rng.pick<BadValue>([
    ...(options.required
      ? [
          { label: 'missing', value: REMOVE },
          { label: 'empty', value: '' },
          { label: 'null', value: null, json: true },
        ]
      : []),
    { label: 'malformed', value: rng.pick(MALFORMED_TIMESTAMPS) },
    { label: 'malformed', value: rng.pick(MALFORMED_TIMESTAMPS) },
    { label: 'huge', value: `2013-01-01T00:00:00Z${'0'.repeat(rng.int(1000, 100_000))}` },
    { label: 'nul', value: '2013-01-01T00:00:00\u0000Z' },
    { label: 'duplicated', value: ['2999-01-01T00:00:00Z', '2999-01-02T00:00:00Z'] },
    { label: 'number', value: rng.pick([1357000000, 0, -1]), json: true },
    { label: 'object', value: { $date: '2013-01-01' }, json: true },
    ...(options.past
      ? [{ label: 'in-the-past', value: rng.pick(['2000-01-01T00:00:00Z', '1970-01-01', '2013-01-29T23:59:59Z']) }]
      : []),
  ]);
}

/** Text a bank statement cannot show, or too long. */
export function badStatementText(rng: Rng): BadValue {
  return rng.pick<BadValue>([
    { label: 'too-long', value: 'A'.repeat(rng.int(19, 64)) },
    {
      label: 'bad-characters',
      value: rng.pick(['Comma,here', 'a/b', 'star*', 'Tab\there', 'café', '😀', 'line\nbreak x', 'nul\u0000', 'é']),
    },
    { label: 'huge', value: 'B'.repeat(rng.int(10_000, 100_000)) },
    { label: 'duplicated', value: ['ONE', 'TWO'] },
    { label: 'number', value: 12345, json: true },
    { label: 'array', value: ['OK'], json: true },
  ]);
}

/**
 * Not the ISO 4217 code of a current currency. None is a real code padded or in another case:
 * the gateway trims the code and matches it in any case.
 */
export function badCurrency(rng: Rng): BadValue {
  return rng.pick<BadValue>([
    { label: 'not-a-currency', value: rng.pick(['QQQ', 'qqq', 'XYZ', 'ZZZ', 'AAA', 'Abc']) },
    { label: 'malformed', value: rng.pick(['us', 'u', 'usdd', 'EURO', '12$', '$', 'US$', 'u s d', 'usd,eur', '840']) },
    { label: 'unicode-lookalike', value: rng.pick(['ＵＳＤ', 'еur', 'usd\u0301']) },
    { label: 'blank', value: rng.pick([' ', '\t']) },
    { label: 'nul', value: 'usd\u0000' },
    { label: 'huge', value: huge(rng, 'USD', 1000, 50_000) },
    { label: 'duplicated', value: ['usd', 'eur'] },
    { label: 'number', value: rng.pick([840, 978, 0]), json: true },
    { label: 'boolean', value: rng.chance(0.5), json: true },
    { label: 'array', value: rng.pick<ParamValue[]>([['usd'], []]), json: true },
    { label: 'object', value: { code: 'usd' }, json: true },
  ]);
}

/** A funding instrument the dummy processor rejects, or one that cannot be stored. */
export function badFundingInstrument(rng: Rng): BadValue {
  return rng.pick<BadValue>([
    { label: 'processor-invalid', value: rng.pick(['/cards/invalid', 'invalid', '/bank_accounts/invalid-1']) },
    { label: 'blank', value: rng.pick([' ', '\t\t']) },
    { label: 'too-long', value: `/cards/${'9'.repeat(rng.int(506, 5000))}` },
    { label: 'nul', value: '/cards/ok\u0000' },
    { label: 'duplicated', value: ['/cards/a', '/cards/b'] },
    { label: 'number', value: 4242424242424242, json: true },
    { label: 'object', value: { uri: '/cards/ok' }, json: true },
  ]);
}

/** A well-formed GUID of `kind` that names nothing. */
export function unknownGuid(rng: Rng, kind: Kind): string {
  return PREFIX[kind] + rng.string(BASE58, 22);
}

/** GUID-ish text that is not a GUID. */
export function malformedGuid(rng: Rng, kind: Kind, own: string): string {
  return rng.pick([
    `${PREFIX[kind]}0OIl0OIl0OIl0OIl0OIl00`,
    own.toLowerCase(),
    own.slice(0, -3),
    `${own}x`,
    `${own} `,
    `${PREFIX[kind]}${'z'.repeat(rng.int(30, 90))}`,
    'null',
    'undefined',
    '0',
    '-1',
    "CU' OR '1'='1",
    `${PREFIX[kind]}€€€€`,
    `${PREFIX[kind]}😀`,
    `${own.slice(0, 10)}\u0000${own.slice(10)}`,
  ]);
}

/**
 * A bad value for a body parameter naming an entity (`customer_guid`…): unknown,
 * of the wrong kind, another company's (403), deleted, malformed or mistyped;
 * `refused`: the caller's own entities that its state refuses (an exhausted coupon…).
 */
export function badReference(
  rng: Rng,
  kind: Kind,
  self: CompanyFixture,
  other: CompanyFixture,
  options: { required: boolean; deleted?: string; refused?: BadValue[] },
): BadValue {
  const own = rng.pick(self.guids[kind]);
  const otherKind = rng.pick(KINDS.filter((candidate) => candidate !== kind));
  return rng.pick<BadValue>([
    ...(options.required
      ? [
          { label: 'missing', value: REMOVE },
          { label: 'empty', value: '' },
          { label: 'null', value: null, json: true },
        ]
      : []),
    { label: 'blank', value: '   ' },
    { label: 'unknown-guid', value: unknownGuid(rng, kind) },
    { label: 'wrong-kind', value: rng.pick(self.guids[otherKind]) },
    { label: 'foreign', value: rng.pick(other.guids[kind]) },
    { label: 'foreign', value: rng.pick(other.guids[kind]) },
    ...(options.deleted ? [{ label: 'deleted', value: options.deleted }] : []),
    ...(options.refused ?? []),
    { label: 'malformed-guid', value: malformedGuid(rng, kind, own) },
    { label: 'huge', value: `${PREFIX[kind]}${'x'.repeat(rng.int(100, 100_000))}` },
    { label: 'duplicated', value: [own, own] },
    { label: 'array', value: [own], json: true },
    { label: 'object', value: { guid: own }, json: true },
    { label: 'number', value: 123456, json: true },
  ]);
}
