// A Campaign create whose answer was lost (reset, timeout, 5xx after retries) may have committed anyway.
import type { EntityFlow, Json } from '../../contract.ts';
import { classify, FerryError } from '../../../core/errors.ts';
import type { FlowRunContext } from '../context.ts';

const ATTEMPTS = 3;

/**
 * POST is not resent blindly by the HTTP layer (it could duplicate). Here the key decides instead:
 * after a retryable failure the record is looked up; found → the create committed, absent → send again.
 */
export async function createConfirmed(
  ctx: FlowRunContext,
  target: EntityFlow['target'],
  id: string,
  full: Record<string, Json>,
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.campaign.create(target, full);
      return;
    } catch (err) {
      if (!(err instanceof FerryError) || !classify(err).retryable || attempt >= ATTEMPTS) throw err;
      const hits = await ctx.campaign.findByKey(target, id);
      if (hits.length > 0) return;
      ctx.log.warn(
        { target: target.resource, sourceId: id, attempt, code: err.code },
        'Campaign create failed before committing; sending it again',
      );
    }
  }
}
