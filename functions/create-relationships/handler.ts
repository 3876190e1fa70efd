import { createHandler } from './create-handler';
import { wireRelay } from './wiring';

/**
 * The Lambda entry (SQS event source with ReportBatchItemFailures). The environment is read and the
 * adapters are built on the first invocation, not at import, so importing this module is inert.
 */
export const handler = createHandler({ wire: wireRelay() });
