import type { DeadLetterView } from './dead-letter-view';

export interface ReplayFilter {
  /** Failure codes to replay; empty means every code. */
  codes: readonly string[];
  /** Only messages that failed at least this long ago. */
  olderThanMs?: number;
  now: Date;
}

/** Why a message stays in the DLQ, or undefined when the filters select it. */
export const skipReason = (view: DeadLetterView, filter: ReplayFilter): string | undefined => {
  if (
    filter.codes.length > 0 &&
    !filter.codes.some((code) => code.toUpperCase() === view.code.toUpperCase())
  ) {
    return `code ${view.code} not selected`;
  }
  if (filter.olderThanMs !== undefined) {
    if (!view.failedAt) return 'failure time unknown';
    if (filter.now.getTime() - view.failedAt.getTime() < filter.olderThanMs) return 'failed too recently';
  }
  return undefined;
};
