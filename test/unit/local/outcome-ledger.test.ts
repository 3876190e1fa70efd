import { describe, expect, it } from 'vitest';
import { OutcomeLedger, parseOutcomeLine } from '../../../local/run/outcome-ledger';

const line = (fields: Record<string, unknown>) =>
  JSON.stringify({ level: 'INFO', message: 'message outcome', service: 'relay', ...fields });

describe('parseOutcomeLine', () => {
  it('reads the handler’s outcome line', () => {
    const text = line({ messageId: 'm1', outcome: 'created', relationshipId: 7 });

    const observation = parseOutcomeLine(text);

    expect(observation).toEqual({ messageId: 'm1', outcome: 'created', relationshipId: 7, code: undefined });
  });

  it('finds the fields one level down', () => {
    const text = JSON.stringify({
      level: 'WARN',
      event: { messageId: 'm2', outcome: 'rejected', code: 'INVALID_MESSAGE' },
    });

    const observation = parseOutcomeLine(text);

    expect(observation).toMatchObject({ messageId: 'm2', outcome: 'rejected', code: 'INVALID_MESSAGE' });
  });

  it.each([
    ['a metrics blob', JSON.stringify({ _aws: {}, Created: 3 })],
    ['an unknown outcome', line({ messageId: 'm', outcome: 'lost' })],
    ['plain text', 'QueueUrl differs from SQSClient resolved endpoint'],
    ['broken JSON', '{"messageId":'],
  ])('ignores %s', (_, text) => {
    const observation = parseOutcomeLine(text);

    expect(observation).toBeUndefined();
  });
});

describe('OutcomeLedger', () => {
  it('counts a message once, by its final outcome, and every retried delivery', () => {
    const ledger = new OutcomeLedger();

    ledger.record({ messageId: 'a', outcome: 'retried' });
    ledger.record({ messageId: 'a', outcome: 'retried' });
    ledger.record({ messageId: 'a', outcome: 'created', relationshipId: 1 });
    ledger.record({ messageId: 'b', outcome: 'retried' });

    expect(ledger.counts()).toEqual({
      created: 1,
      existed: 0,
      rejected: 0,
      exhausted: 0,
      retriedDeliveries: 3,
      pending: 1,
    });
    expect(ledger.outcomeOf('b')).toBe('retried');
  });

  it('keeps a creation when a redelivery of the same message then finds it existing', () => {
    const ledger = new OutcomeLedger();

    ledger.record({ messageId: 'a', outcome: 'created', relationshipId: 1 });
    ledger.record({ messageId: 'a', outcome: 'existed' });

    expect(ledger.counts()).toMatchObject({ created: 1, existed: 0 });
  });

  it('counts two messages sharing one new relationship id as one creation and one already existed', () => {
    const ledger = new OutcomeLedger();

    ledger.record({ messageId: 'first', outcome: 'created', relationshipId: 9 });
    ledger.record({ messageId: 'copy', outcome: 'created', relationshipId: 9 });

    expect(ledger.counts()).toMatchObject({ created: 1, existed: 1 });
    expect(ledger.outcomeOf('copy')).toBe('existed');
  });
});
