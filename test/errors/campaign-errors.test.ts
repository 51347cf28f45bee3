// Campaign's answers as the connector sees them, classified the one way: engine 500 = the record's problem,
// gateway 500 "Oops" = a wrong URL (stop), 401/403 = credentials (exit 3), 413 = the record's, 502 = retry.
import { describe, expect, it } from 'vitest';
import { classify, EXIT, exitCodeOf } from '../../core/errors.ts';
import { campaignError } from '../../runtime/connectors/campaign/errors.ts';

const answer = (status: number, message: string) => ({
  status,
  headers: {},
  body: JSON.stringify({ code: status, message }),
  url: 'https://mc.adobe.io/org/campaign/profileAndServices/profile',
});

describe('campaignError + classify', () => {
  it.each([
    [
      500,
      "Cannot update the 'age' property that is read-only",
      'FERRY_CAMPAIGN_REJECTED',
      false,
      true,
      EXIT.failed,
    ],
    [
      500,
      'Oops. Something went wrong. Check your URI and try again.',
      'FERRY_HTTP_STATUS',
      false,
      false,
      EXIT.failed,
    ],
    [400, 'email: invalid value', 'FERRY_CAMPAIGN_REJECTED', false, true, EXIT.failed],
    [413, 'Request Entity Too Large', 'FERRY_HTTP_STATUS', false, true, EXIT.failed],
    [
      502,
      'Oops. Something went wrong. Check your URI and try again.',
      'FERRY_HTTP_STATUS',
      true,
      false,
      EXIT.failed,
    ],
    [401, 'Oauth token is not valid', 'FERRY_AUTH_CAMPAIGN', false, false, EXIT.config],
    [403, 'Profile is not valid', 'FERRY_AUTH_CAMPAIGN', false, false, EXIT.config],
  ] as const)('%i %s → %s', (status, message, code, retryable, recordLevel, exit) => {
    const err = campaignError(answer(status, message), 'Campaign update @p');
    expect(classify(err)).toMatchObject({ code, retryable, recordLevel });
    expect(exitCodeOf(err)).toBe(exit);
  });
});
