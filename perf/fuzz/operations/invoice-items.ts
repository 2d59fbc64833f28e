import { MAX_AMOUNT } from '@billy/billing';
import type { ParamValue, Params } from '../model';
import { badInteger } from '../values';
import type { Breaker, Gen, Patch } from './operation';

const MIN = -MAX_AMOUNT;

/** An unused index suffix, written as Billy reads it: any integer text. */
function indexOf(g: Gen): string {
  const candidates = ['1', '2', '10', '0', '-3', '01', '+7', '002', '12345678901234567890'].filter(
    (text) => !g.indexes.has(Number(text)),
  );
  const text = g.rng.pick(candidates);
  g.indexes.add(Number(text));
  return text;
}

const adjustmentPrefix = (g: Gen) => g.rng.pick(['adjustments_', 'adjustment_']);

/** A bad integer for an item or adjustment field, labelled `<name>=<label>`; `keys` lays out the entry around it. */
function badEntryInteger(g: Gen, name: string, keys: (value: ParamValue) => Params): Patch {
  const bad = badInteger(g.rng, MIN, MAX_AMOUNT, false);
  return { label: `${name}=${bad.label}`, set: keys(bad.value as ParamValue), json: bad.json };
}

/** Breakers of the indexed form keys and of the JSON arrays of items and adjustments. */
export const itemBreakers: Breaker[] = [
  (g) => {
    const n = indexOf(g);
    return { label: 'item-without-name', set: { [`item_amount${n}`]: '100', [`item_unit${n}`]: 'hour' } };
  },
  (g) => {
    const n = indexOf(g);
    return { label: 'item-without-amount', set: { [`item_name${n}`]: 'Cables', [`item_quantity${n}`]: '2' } };
  },
  (g) => {
    const n = indexOf(g);
    return badEntryInteger(g, 'item-amount', (value) => ({ [`item_name${n}`]: 'Cables', [`item_amount${n}`]: value }));
  },
  (g) => {
    const n = indexOf(g);
    const name = g.rng.pick(['quantity', 'volume']);
    return badEntryInteger(g, `item-${name}`, (value) => ({
      [`item_name${n}`]: 'Cables',
      [`item_amount${n}`]: '5',
      [`item_${name}${n}`]: value,
    }));
  },
  (g) => {
    const n = indexOf(g);
    const text = g.rng.pick(['name', 'type', 'unit']);
    const value = g.rng.pick(['x'.repeat(129), '€'.repeat(200), 'y'.repeat(g.rng.int(1000, 100_000))]);
    return {
      label: `item-${text}-too-long`,
      set: { [`item_name${n}`]: 'Cables', [`item_amount${n}`]: '5', [`item_${text}${n}`]: value },
    };
  },
  (g) => {
    const n = indexOf(g);
    return {
      label: 'item-duplicated-key',
      set: g.rng.chance(0.5)
        ? { [`item_name${n}`]: ['Cables', 'Plugs'], [`item_amount${n}`]: '5' }
        : { [`item_name${n}`]: 'Cables', [`item_amount${n}`]: ['5', '6'] },
    };
  },
  (g) => {
    const n = indexOf(g);
    return { label: 'adjustment-without-amount', set: { [`${adjustmentPrefix(g)}reason${n}`]: 'Welcome discount' } };
  },
  (g) => {
    const n = indexOf(g);
    return badEntryInteger(g, 'adjustment-amount', (value) => ({ [`${adjustmentPrefix(g)}amount${n}`]: value }));
  },
  (g) => {
    const n = indexOf(g);
    return { label: 'adjustment-duplicated-key', set: { [`${adjustmentPrefix(g)}amount${n}`]: ['-1', '-2'] } };
  },
  (g) => {
    const n = indexOf(g);
    return {
      label: 'adjustment-reason-too-long',
      set: { [`${adjustmentPrefix(g)}amount${n}`]: '-1', [`${adjustmentPrefix(g)}reason${n}`]: 'r'.repeat(129) },
    };
  },
  // The effective amount (amount + adjustments) below zero or beyond 2^53 − 1.
  (g) => ({
    label: 'effective-amount-negative',
    set: { amount: '100', [`${adjustmentPrefix(g)}amount${indexOf(g)}`]: g.rng.pick(['-101', String(-MAX_AMOUNT)]) },
  }),
  (g) => ({
    label: 'effective-amount-overflow',
    set: {
      amount: String(MAX_AMOUNT),
      [`adjustments_amount${indexOf(g)}`]: '1',
      [`adjustment_amount${indexOf(g)}`]: String(MAX_AMOUNT),
    },
  }),
  (g) => ({
    label: 'effective-amount-overflow',
    set: {
      amount: g.rng.pick([MAX_AMOUNT, MAX_AMOUNT - 10]),
      adjustments: [{ amount: MAX_AMOUNT }, { amount: MAX_AMOUNT, reason: 'twice' }] as ParamValue[],
    },
    json: true,
  }),
  // One entry over the limit of 100 (a form's keys at indexes no other breaker uses).
  (g) => {
    const list = g.rng.pick(['items', 'adjustments'] as const);
    const entries = Array.from({ length: 101 }, (_, i) => i + 1001);
    entries.forEach((index) => g.indexes.add(index));
    if (g.rng.chance(0.5)) {
      const entry: ParamValue = list === 'items' ? { name: 'Cables', amount: 5 } : { amount: -1 };
      return { label: `${list}-over-limit`, set: { [list]: entries.map(() => entry) }, json: true };
    }
    const set: Params = {};
    for (const index of entries) {
      if (list === 'items') Object.assign(set, { [`item_name${index}`]: 'Cables', [`item_amount${index}`]: '5' });
      else set[`adjustments_amount${index}`] = '-1';
    }
    return { label: `${list}-over-limit`, set };
  },
  (g) => ({
    label: 'items-not-an-array',
    set: { items: g.rng.pick(['Cables', 5, true, { name: 'Cables', amount: 5 }]) },
    json: true,
  }),
  (g) => ({
    label: 'adjustments-not-an-array',
    set: { adjustments: g.rng.pick(['-5', -5, false, { amount: -5 }]) },
    json: true,
  }),
  (g) => ({
    label: 'item-entry-invalid',
    set: {
      items: [
        { name: 'ok', amount: 1 },
        g.rng.pick<ParamValue>([
          null,
          1,
          'Cables',
          [],
          {},
          { name: 'Cables' },
          { amount: 5 },
          { name: '', amount: 5 },
          { name: 'Cables', amount: '5.5' },
          { name: 'Cables', amount: 5, quantity: 1.5 },
          { name: 'Cables', amount: 5, unit: 'u'.repeat(129) },
          { name: ['a'], amount: 5 },
          { name: 'Cables', amount: { $gt: 0 } },
          { name: 'Cables', amount: MAX_AMOUNT + 1 },
          { name: 'Cables\u0000', amount: 5 },
        ]),
      ],
    },
    json: true,
  }),
  (g) => ({
    label: 'adjustment-entry-invalid',
    set: {
      adjustments: [
        g.rng.pick<ParamValue>([
          null,
          -5,
          'discount',
          [],
          {},
          { reason: 'no amount' },
          { amount: 'x' },
          { amount: -1.5 },
          { amount: -5, reason: 7 },
        ]),
      ],
    },
    json: true,
  }),
];
