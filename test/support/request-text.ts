// A fake server's view of a request body: text, whether the runtime sent a string or encoded bytes.
import type { HttpRequest } from '../../runtime/http/types.ts';

export const requestText = (req: HttpRequest): string =>
  req.body === undefined
    ? ''
    : typeof req.body === 'string'
      ? req.body
      : Buffer.from(req.body).toString('utf8');
