import type { Outcome } from '../../functions/relationships/outcome';

/** One message-outcome line of the handler's structured log, reduced to what the run counts. */
export interface OutcomeObservation {
  messageId: string;
  outcome: Outcome;
  relationshipId?: number;
  code?: string;
  /** On a retry: how long the handler hid the message (its back-off) before the next attempt. */
  retryDelaySeconds?: number;
}

const OUTCOMES = new Set<string>(['created', 'existed', 'rejected', 'retried', 'exhausted']);

const observationIn = (value: unknown): OutcomeObservation | undefined => {
  if (typeof value !== 'object' || value === null) return undefined;
  const entry = value as Record<string, unknown>;
  if (
    typeof entry.messageId !== 'string' ||
    typeof entry.outcome !== 'string' ||
    !OUTCOMES.has(entry.outcome)
  ) {
    return undefined;
  }
  return {
    messageId: entry.messageId,
    outcome: entry.outcome as Outcome,
    relationshipId: typeof entry.relationshipId === 'number' ? entry.relationshipId : undefined,
    code: typeof entry.code === 'string' ? entry.code : undefined,
    retryDelaySeconds: typeof entry.retryDelaySeconds === 'number' ? entry.retryDelaySeconds : undefined,
  };
};

/**
 * Reads a handler log line (Powertools JSON, as CloudWatch would receive it). The outcome fields
 * sit at the top level, or one level down when a logger nests extra keys; anything else is not an
 * outcome line.
 */
export const parseOutcomeLine = (line: string): OutcomeObservation | undefined => {
  if (!line.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return undefined;
  }
  const top = observationIn(value);
  if (top) return top;
  for (const nested of Object.values(value as Record<string, unknown>)) {
    const found = observationIn(nested);
    if (found) return found;
  }
  return undefined;
};

export interface OutcomeCounts {
  created: number;
  existed: number;
  rejected: number;
  exhausted: number;
  /** Deliveries that ended in a retry (a message can be retried several times). */
  retriedDeliveries: number;
  /** Messages still waiting for a final outcome (last seen: retried). */
  pending: number;
}

/**
 * Every message's final outcome, from the handler's own outcome lines. A message delivered twice
 * (SQS is at-least-once) is counted once; two messages that got the same new relationship id
 * (the same relationship twice in one batch) count one creation, the other already existed.
 */
export class OutcomeLedger {
  private readonly finals = new Map<string, OutcomeObservation>();
  /** Messages last seen retried, with when their back-off ends (epoch ms), if the line said. */
  private readonly waiting = new Map<string, number | undefined>();
  private readonly creators = new Map<number, string>();
  private retried = 0;

  record(observation: OutcomeObservation, now = Date.now()): void {
    const { messageId, outcome, retryDelaySeconds } = observation;
    if (outcome === 'retried') {
      this.retried += 1;
      const dueAt = retryDelaySeconds === undefined ? undefined : now + retryDelaySeconds * 1000;
      if (!this.finals.has(messageId)) this.waiting.set(messageId, dueAt);
      return;
    }
    this.waiting.delete(messageId);
    const previous = this.finals.get(messageId);
    // A first "created" stays: a redelivery of the same message then finds it existing.
    if (previous?.outcome === 'created') return;
    let final = observation;
    if (outcome === 'created' && observation.relationshipId !== undefined) {
      const creator = this.creators.get(observation.relationshipId);
      if (creator !== undefined && creator !== messageId) final = { ...observation, outcome: 'existed' };
      else this.creators.set(observation.relationshipId, messageId);
    }
    this.finals.set(messageId, final);
  }

  outcomeOf(messageId: string): Outcome | undefined {
    return this.finals.get(messageId)?.outcome ?? (this.waiting.has(messageId) ? 'retried' : undefined);
  }

  /**
   * When the next message waiting out its back-off is due back (epoch ms), after `now`; undefined
   * when none is known to be (a due one may be back on the queue or in an invocation already).
   */
  nextRetryAt(now = Date.now()): number | undefined {
    const due = [...this.waiting.values()].filter((at): at is number => at !== undefined && at > now);
    return due.length > 0 ? Math.min(...due) : undefined;
  }

  counts(): OutcomeCounts {
    const counts: OutcomeCounts = {
      created: 0,
      existed: 0,
      rejected: 0,
      exhausted: 0,
      retriedDeliveries: this.retried,
      pending: this.waiting.size,
    };
    for (const observation of this.finals.values()) {
      if (observation.outcome !== 'retried') counts[observation.outcome] += 1;
    }
    return counts;
  }
}
