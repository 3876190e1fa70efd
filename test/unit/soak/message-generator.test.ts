import { describe, expect, it } from 'vitest';
import { parseRelationshipMessage } from '../../../functions/relationships/message';
import { generateSoakMessages, relationshipKey } from '../../../local/soak/message-generator';
import { seededRandom } from '../../../local/soak/seeded-random';

const TYPES = [
  { name: 'supporting_documents__vs', targetVersionSpecific: true },
  { name: 'related_pieces__c', targetVersionSpecific: false },
];

const generate = (seed: number, count = 2000) =>
  generateSoakMessages({
    count,
    random: seededRandom(seed),
    relationshipTypes: TYPES,
    invalidShare: 0.05,
    unknownDocumentShare: 0.05,
  });

describe('generateSoakMessages', () => {
  it('gives every message a unique soak id and every relationship a unique key', () => {
    // prepare / act
    const { messages } = generate(7);

    // assess
    expect(new Set(messages.map((m) => m.soakId)).size).toBe(messages.length);
    const keys = messages.flatMap((m) => (m.key ? [m.key] : []));
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('is repeatable for a seed and different for another', () => {
    // prepare / act
    const first = generate(7, 300);
    const again = generate(7, 300);
    const other = generate(8, 300);

    // assess
    expect(again).toEqual(first);
    expect(other.messages.map((m) => m.body)).not.toEqual(first.messages.map((m) => m.body));
  });

  it('mixes valid, unknown-document and invalid messages in about the asked shares', () => {
    // prepare / act
    const { messages } = generate(11, 4000);
    const share = (kind: string) => messages.filter((m) => m.kind === kind).length / messages.length;

    // assess
    expect(share('invalid')).toBeGreaterThan(0.03);
    expect(share('invalid')).toBeLessThan(0.07);
    expect(share('unknown-document')).toBeGreaterThan(0.03);
    expect(share('unknown-document')).toBeLessThan(0.07);
  });

  it('makes valid and unknown-document messages pass the schema, and invalid ones fail it', () => {
    // prepare
    const { messages } = generate(3, 1000);

    // act
    const passes = (body: string) => {
      try {
        parseRelationshipMessage(body);
        return true;
      } catch {
        return false;
      }
    };

    // assess
    for (const message of messages) expect(passes(message.body)).toBe(message.kind !== 'invalid');
  });

  it('names only documents it returns for valid messages, and documents outside them otherwise', () => {
    // prepare
    const { messages, documents } = generate(5, 1000);
    const ids = new Set(documents.map((d) => d.id));

    // act
    const named = (body: string) => {
      const parsed = parseRelationshipMessage(body);
      return [parsed.source_doc_id__v, parsed.target_doc_id__v];
    };

    // assess
    for (const message of messages.filter((m) => m.kind === 'valid')) {
      expect(named(message.body).every((id) => ids.has(id))).toBe(true);
    }
    for (const message of messages.filter((m) => m.kind === 'unknown-document')) {
      expect(named(message.body).some((id) => !ids.has(id))).toBe(true);
    }
  });

  it('keys a message the same way as the Vault row it creates', () => {
    // prepare
    const { messages } = generate(9, 50);
    const valid = messages.find((m) => m.kind === 'valid');

    // act
    const row = parseRelationshipMessage(valid?.body ?? '');

    // assess
    expect(relationshipKey(row)).toBe(valid?.key);
  });
});
