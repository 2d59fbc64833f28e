import { RawJson, type ParamValue, type Params } from './model';

/**
 * Percent-encodes text as UTF-8 bytes. Unlike encodeURIComponent it never
 * throws: a lone surrogate goes out as U+FFFD, as a browser would send it.
 */
export function percentEncode(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-_.~]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return out;
}

/** `application/x-www-form-urlencoded`: arrays become repeated keys, objects bracketed keys, null a bare key. */
export function formEncode(params: Params): string {
  const pairs: string[] = [];
  const add = (key: string, value: ParamValue): void => {
    if (value === null) pairs.push(percentEncode(key));
    else if (value instanceof RawJson) pairs.push(`${percentEncode(key)}=${percentEncode(value.text)}`);
    else if (Array.isArray(value)) value.forEach((entry) => add(key, entry));
    else if (typeof value === 'object') Object.entries(value).forEach(([sub, entry]) => add(`${key}[${sub}]`, entry));
    else pairs.push(`${percentEncode(key)}=${percentEncode(String(value))}`);
  };
  Object.entries(params).forEach(([key, value]) => add(key, value));
  return pairs.join('&');
}

/** JSON with RawJson literals written verbatim. Key order follows insertion, so duplicates are impossible here. */
export function jsonEncode(value: ParamValue | Params): string {
  if (value instanceof RawJson) return value.text;
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(jsonEncode).join(',')}]`;
  return `{${Object.entries(value)
    .map(([key, entry]) => `${JSON.stringify(key)}:${jsonEncode(entry)}`)
    .join(',')}}`;
}
