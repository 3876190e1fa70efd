import { describe, expect, it } from 'vitest';
import type { PollerCounters } from '../../../local/event-source-poller';
import { OutcomeLedger, parseOutcomeLine } from '../../../local/run/outcome-ledger';
import { type ProgressState, progressText } from '../../../local/run/progress-text';

const counters: PollerCounters = {
  receives: 30,
  messagesReceived: 300,
  redeliveries: 0,
  invocations: 30,
  recordsDeleted: 22,
  recordsReturned: 278,
  handlerErrors: 0,
  timeouts: 0,
  invalidResponses: 0,
  deleteFailures: 0,
};

const waitingState = (overrides: Partial<ProgressState>): ProgressState => ({
  title: 'first pass',
  enqueued: 300,
  counts: { created: 22, existed: 0, rejected: 0, exhausted: 0, retriedDeliveries: 278, pending: 278 },
  depth: { visible: 0, inFlight: 278, delayed: 0 },
  counters,
  ...overrides,
});

describe('messages waiting out their back-off', () => {
  it('reads the back-off from the handler’s retried outcome line', () => {
    const text = JSON.stringify({
      message: 'message outcome',
      messageId: 'm',
      outcome: 'retried',
      retryDelaySeconds: 30,
    });

    const observation = parseOutcomeLine(text);

    expect(observation).toMatchObject({ messageId: 'm', outcome: 'retried', retryDelaySeconds: 30 });
  });

  it('knows when the next waiting message is due back, and forgets settled and past ones', () => {
    const ledger = new OutcomeLedger();

    ledger.record({ messageId: 'a', outcome: 'retried', retryDelaySeconds: 30 }, 1_000);
    ledger.record({ messageId: 'b', outcome: 'retried', retryDelaySeconds: 60 }, 2_000);
    ledger.record({ messageId: 'c', outcome: 'retried', retryDelaySeconds: 5 }, 3_000);
    ledger.record({ messageId: 'a', outcome: 'created', relationshipId: 1 }, 4_000);

    expect(ledger.nextRetryAt(4_000)).toBe(8_000);
    expect(ledger.nextRetryAt(9_000)).toBe(62_000);
    expect(ledger.nextRetryAt(70_000)).toBeUndefined();
  });

  it('says the run is waiting, and for how long, when every unsettled message is hidden', () => {
    const state = waitingState({ nextRetryInMs: 24_200 });

    const text = progressText(state);

    expect(text).toContain('| retrying 278: waiting for their back-off to end, next back in ~25 s |');
  });

  it('says it is waiting without a time when none is known', () => {
    const state = waitingState({});

    const text = progressText(state);

    expect(text).toContain('| retrying 278: waiting for their back-off to end |');
  });

  it('says nothing of waiting while messages are still on the queue', () => {
    const state = waitingState({ depth: { visible: 12, inFlight: 266, delayed: 0 }, nextRetryInMs: 5_000 });

    const text = progressText(state);

    expect(text).toContain('| retrying 278 | queue 12 visible');
  });
});
