// Campaign answers a record's data errors with its engine's message (400/409/422, and 500); the gateway's
// 500 "Oops" means a wrong URL. Which of them is the record's problem: classify() (core/errors/wire.ts).
import { AuthError, classify, RecordError } from '../../../core/errors.ts';
import type { FerryError } from '../../../core/errors.ts';
import { apiMessage, httpError } from '../../http/errors.ts';
import type { HttpResponse } from '../../http/types.ts';

// The statuses the engine answers with a message of its own; other record-level statuses keep the HTTP text.
const ENGINE_STATUSES = new Set([400, 409, 422, 500]);

export function campaignError(res: HttpResponse, what: string): FerryError {
  const msg = apiMessage(res) ?? '';
  if (res.status === 401 || res.status === 403) {
    return new AuthError('FERRY_AUTH_CAMPAIGN', `${what}: HTTP ${res.status} ${msg}`.trim(), {
      status: res.status,
    });
  }
  const { recordLevel } = classify(res.status, { service: 'campaign', message: msg });
  // A record-level rejection: dead-letter the record, keep the flow running.
  if (recordLevel && ENGINE_STATUSES.has(res.status) && msg !== '') {
    return new RecordError('FERRY_CAMPAIGN_REJECTED', `${what}: ${msg}`, { details: { status: res.status } });
  }
  return httpError(res, what);
}
