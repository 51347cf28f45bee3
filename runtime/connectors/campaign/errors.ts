// Campaign answers data errors as 500 `{code, message}`; the gateway's 500 "Oops" means a wrong URL.
import { AuthError, RecordError } from '../../../core/errors.ts';
import type { FerryError } from '../../../core/errors.ts';
import { apiMessage, httpError } from '../../http/errors.ts';
import type { HttpResponse } from '../../http/types.ts';

const OOPS = /^Oops\. Something went wrong/;

export function campaignError(res: HttpResponse, what: string): FerryError {
  const msg = apiMessage(res) ?? '';
  if (res.status === 401 || res.status === 403) {
    return new AuthError('FERRY_AUTH_CAMPAIGN', `${what}: HTTP ${res.status} ${msg}`.trim(), {
      status: res.status,
    });
  }
  // A record-level rejection: dead-letter the record, keep the flow running.
  if (
    (res.status === 400 || res.status === 409 || res.status === 422 || res.status === 500) &&
    msg !== '' &&
    !OOPS.test(msg)
  ) {
    return new RecordError('FERRY_CAMPAIGN_REJECTED', `${what}: ${msg}`, { details: { status: res.status } });
  }
  return httpError(res, what);
}
