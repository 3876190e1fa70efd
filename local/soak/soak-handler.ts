import type { SQSClient } from '@aws-sdk/client-sqs';
import { createHandler, wireRelay } from '../../functions/create-relationships/wiring';
import type { SqsBatchHandler } from '../event-source-poller';

/**
 * One handler instance, wired exactly as the Lambda entry is (same composition root, same
 * environment), except that its SQS client is the soak's faulty one. Each instance has its own
 * Vault session, secret cache, login breaker and pacer, like one Lambda container.
 */
export const createSoakHandler = (sqsClient: SQSClient): SqsBatchHandler =>
  createHandler({ wire: wireRelay(process.env, { sqsClient }) }) as unknown as SqsBatchHandler;
