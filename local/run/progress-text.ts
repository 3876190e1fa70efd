import { plural } from '../../cli/plural';
import type { PollerCounters } from '../event-source-poller';
import type { OutcomeCounts } from './outcome-ledger';
import type { QueueDepth } from './queue-depth';

export interface ProgressState {
  title: string;
  enqueued: number;
  counts: OutcomeCounts;
  depth: QueueDepth;
  counters: PollerCounters;
  /** Until the first message waiting out its back-off is due back, when known. */
  nextRetryInMs?: number;
}

/**
 * With faults (or an API_LIMIT_EXCEEDED pause) every unsettled message can be hidden for its
 * back-off at once, and the line then stays unchanged for up to a minute: say it is waiting.
 */
const retrying = (pending: number, visible: number, nextRetryInMs: number | undefined): string => {
  if (pending === 0 || visible > 0) return `retrying ${pending}`;
  const next =
    nextRetryInMs !== undefined && nextRetryInMs > 0
      ? `, next back in ~${Math.ceil(nextRetryInMs / 1000)} s`
      : '';
  return `retrying ${pending}: waiting for their back-off to end${next}`;
};

/** The progress line of a running phase (stderr), e.g. `first pass: 22/300 settled | ...`. */
export const progressText = (state: ProgressState): string => {
  const { title, enqueued, counts, depth, counters } = state;
  const settled = counts.created + counts.existed + counts.rejected + counts.exhausted;
  const retry = retrying(counts.pending, depth.visible, state.nextRetryInMs);
  return (
    `${title}: ${settled}/${enqueued} settled | created ${counts.created} existed ${counts.existed} ` +
    `dlq ${counts.rejected + counts.exhausted} | ${retry} | queue ${depth.visible} visible ` +
    `${depth.inFlight} in flight | ${plural(counters.invocations, 'invocation')}`
  );
};
