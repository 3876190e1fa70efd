import { describe, expect, it } from 'vitest';
import {
  type RelationshipMessageInput,
  validateRelationshipMessage,
} from '../../../functions/relationships/message';
import { relationshipKey } from '../../../functions/relationships/relationship-key';
import { seedRelationship } from '../../support/sqs-event-builder';

/** The seed relationship as the relay holds it after parsing. */
const row = (overrides: Partial<RelationshipMessageInput> = {}) =>
  validateRelationshipMessage(seedRelationship(overrides));

describe('relationshipKey', () => {
  it('gives the same key to rows naming the same relationship, whatever their field order', () => {
    // prepare
    const { relationship_type__v, ...rest } = row();
    const reordered = { relationship_type__v, ...rest };

    // act
    const keys = [relationshipKey(row()), relationshipKey(reordered)];

    // assess
    expect(keys[0]).toBe(keys[1]);
  });

  it('tells rows apart by any one field, and an absent target version from a present one', () => {
    // prepare
    const rows = [
      row(),
      row({ source_doc_id__v: 600 }),
      row({ source_major_version__v: 1 }),
      row({ source_minor_version__v: 2 }),
      row({ target_doc_id__v: 550 }),
      row({ target_major_version__v: 1 }),
      row({ target_minor_version__v: 3 }),
      row({ relationship_type__v: 'references__c' }),
      row({ target_major_version__v: undefined, target_minor_version__v: undefined }),
    ];

    // act
    const keys = new Set(rows.map(relationshipKey));

    // assess
    expect(keys.size).toBe(rows.length);
  });
});
