import { Remove, type BadValue } from '../values';
import type { Breaker, Gen } from './operation';

/** A breaker that gives the parameter `name` a bad value (or leaves it out), labelled `name=<label>`. */
export function field(name: string, make: (g: Gen) => BadValue): Breaker {
  return (g) => {
    const bad = make(g);
    const label = `${name}=${bad.label}`;
    return bad.value instanceof Remove
      ? { label, remove: [name], json: bad.json }
      : { label, set: { [name]: bad.value }, json: bad.json };
  };
}
