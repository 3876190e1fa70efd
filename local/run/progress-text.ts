import type { PollerCounters } from '../event-source-poller';
import type { OutcomeCounts } from './outcome-ledger';
import { plural } from './plural';
import type { QueueDepth } from './queue-depth';

export interface ProgressState {
  title: string;
  enqueued: number;
  counts: OutcomeCounts;
  depth: QueueDepth;
  counters: PollerCounters;
}

/** The progress line of a running phase (stderr), e.g. `first pass: 22/300 settled | ...`. */
export const progressText = ({ title, enqueued, counts, depth, counters }: ProgressState): string => {
  const settled = counts.created + counts.existed + counts.rejected + counts.exhausted;
  return (
    `${title}: ${settled}/${enqueued} settled | created ${counts.created} existed ${counts.existed} ` +
    `dlq ${counts.rejected + counts.exhausted} | retrying ${counts.pending} | queue ${depth.visible} visible ` +
    `${depth.inFlight} in flight | ${plural(counters.invocations, 'invocation')}`
  );
};
