import type { SQSClient } from '@aws-sdk/client-sqs';
import { DeadLetterScan } from '../../cli/dlq/dead-letter-scan';
import { type DeadLetterView, toDeadLetterView, UNKNOWN_CODE } from '../../cli/dlq/dead-letter-view';

/** Every message on the DLQ, read the way `relay dlq inspect` reads it: nothing is consumed. */
export const readDeadLetters = async (sqs: SQSClient, dlqUrl: string): Promise<DeadLetterView[]> => {
  const scan = new DeadLetterScan(sqs, dlqUrl, { visibilityTimeoutSeconds: 30, waitTimeSeconds: 0 });
  const views: DeadLetterView[] = [];
  try {
    for (let round = await scan.nextRound(); round; round = await scan.nextRound()) {
      views.push(...round.map(toDeadLetterView));
    }
  } finally {
    await scan.releaseAll();
  }
  return views;
};

/** Dead letters the relay did not write: SQS's redrive policy moved them (crash, timeout). */
export const redrivenCount = (views: readonly DeadLetterView[]) =>
  views.filter((view) => view.code === UNKNOWN_CODE).length;
