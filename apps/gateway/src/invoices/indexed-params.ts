const INTEGER_SUFFIX = /^[+-]?\d+$/;

/**
 * Collects Billy's indexed form keys (`item_name1`, `item_amount1`, …) into
 * objects, one per integer suffix, ordered by that integer (so 2 before 10).
 * Keys whose suffix is not an integer are ignored (billy.md §3.5).
 */
export function collectIndexed(
  params: Record<string, unknown>,
  prefixes: readonly string[],
  fields: readonly string[],
): Record<string, unknown>[] {
  const groups = new Map<number, Record<string, unknown>>();
  for (const [key, value] of Object.entries(params)) {
    const prefix = prefixes.find((candidate) => key.startsWith(candidate));
    if (!prefix) continue;
    const rest = key.slice(prefix.length);
    const field = fields.find(
      (candidate) => rest.startsWith(candidate) && INTEGER_SUFFIX.test(rest.slice(candidate.length)),
    );
    if (!field) continue;
    const index = Number(rest.slice(field.length));
    const group = groups.get(index) ?? {};
    group[field] = value;
    groups.set(index, group);
  }
  return [...groups.entries()].sort(([a], [b]) => a - b).map(([, group]) => group);
}
