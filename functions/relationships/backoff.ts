/** First retry waits this long; each further attempt doubles it. */
const BACKOFF_BASE_SECONDS = 30;
/** Growth stops here: a quarter hour is long enough for Vault to recover from anything transient. */
const BACKOFF_CAP_SECONDS = 900;
/** SQS refuses a visibility timeout above 12 hours. */
const MAX_VISIBILITY_SECONDS = 43_200;

/**
 * How long a retried message stays invisible before its next attempt: min(30 * 2^(n-1), 900) s
 * after receive n, or the failure's own hint (e.g. the rest of Vault's burst window) when longer.
 */
export const retryDelaySeconds = (receiveCount: number, retryAfterSeconds?: number): number => {
  const attempt = Number.isFinite(receiveCount) ? Math.max(1, Math.floor(receiveCount)) : 1;
  const grown = Math.min(BACKOFF_BASE_SECONDS * 2 ** (attempt - 1), BACKOFF_CAP_SECONDS);
  const hinted =
    retryAfterSeconds !== undefined && Number.isFinite(retryAfterSeconds) ? retryAfterSeconds : 0;
  return Math.min(Math.max(grown, Math.ceil(hinted)), MAX_VISIBILITY_SECONDS);
};
