import { formEncode, jsonEncode } from '../encode';
import type { FuzzRequest, Params } from '../model';
import type { Draft } from './draft';

/** The draft as it goes on the wire: path with query string, headers and body bytes. */
export function finalize(index: number, draft: Draft): FuzzRequest {
  let path = draft.op.route
    .replace(':guid', draft.segments.guid)
    .replace(':company', draft.segments.company)
    .replace(':key', draft.segments.key);
  if (draft.rewritePath) path = draft.rewritePath(path);

  const headers = { ...draft.headers };
  if (draft.auth !== null) headers.authorization = draft.auth;
  const contentTypeOverride = headers['x-fuzz-content-type'];
  delete headers['x-fuzz-content-type'];

  let body: Buffer | undefined;
  const query: Params = { ...draft.query };
  if (draft.rawBody) {
    body = draft.rawBody.bytes;
    if (draft.rawBody.contentType !== null) headers['content-type'] = draft.rawBody.contentType;
  } else {
    switch (draft.encoding) {
      case 'form':
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = Buffer.from(formEncode(draft.params), 'utf8');
        break;
      case 'json': {
        let text = jsonEncode(draft.params);
        if (draft.jsonDuplicate && text !== '{}') {
          text = `{${JSON.stringify(draft.jsonDuplicate.key)}:${jsonEncode(draft.jsonDuplicate.value)},${text.slice(1)}`;
        }
        headers['content-type'] = contentTypeOverride ?? 'application/json';
        body = Buffer.from(draft.bom ? `\ufeff${text}` : text, 'utf8');
        break;
      }
      case 'query':
        Object.assign(query, draft.params);
        break;
      case 'split': {
        const inBody: Params = {};
        for (const [key, value] of Object.entries(draft.params)) {
          if (key.length % 2 === 0) query[key] = value;
          else inBody[key] = value;
        }
        headers['content-type'] = 'application/x-www-form-urlencoded';
        body = Buffer.from(formEncode(inBody), 'utf8');
        break;
      }
      case 'none':
        break;
    }
    if (body && draft.invalidUtf8Tail) body = Buffer.concat([body, draft.invalidUtf8Tail]);
  }
  if (draft.method === 'GET' || draft.method === 'HEAD') body = undefined;

  const search = formEncode(query) + draft.queryJunk;
  return {
    index,
    family: draft.family,
    route: draft.route,
    faults: draft.faults,
    method: draft.method,
    path: search ? `${path}?${search.replace(/^&/, '')}` : path,
    headers,
    body,
    ...(draft.chunked && body ? { chunked: true } : {}),
  };
}
