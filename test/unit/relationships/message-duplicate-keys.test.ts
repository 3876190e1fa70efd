import { describe, expect, it } from 'vitest';
import { parseRelationshipMessage } from '../../../functions/relationships/message';
import { rejectionOf, withFields } from '../../support/malformed-message';

describe('a message with a field given twice', () => {
  it.each([
    ['later', `${withFields({}).slice(0, -1)},"target_doc_id__v":1}`],
    ['earlier', `{"target_doc_id__v":1,${withFields({}).slice(1)}`],
    ['escaped', `${withFields({}).slice(0, -1)},"target_doc_id\\u005f_v":1}`],
  ])('rejects a field given twice (%s), instead of silently keeping the last value', (_, body) => {
    const error = rejectionOf(body);

    expect(error.fields).toEqual(['target_doc_id__v']);
    expect(error.message).toBe('field(s) given more than once: target_doc_id__v');
  });

  it('does not mistake repeated names inside strings or nested values for duplicate fields', () => {
    const body = withFields({ extra: { target_doc_id__v: 1, nested: ['"target_doc_id__v":'] } });

    const error = rejectionOf(body);

    expect(error.fields).toEqual(['extra']);
  });

  it('still accepts a message whose values repeat a field name', () => {
    const body = withFields({ relationship_type__v: 'target_doc_id__v' });

    const message = parseRelationshipMessage(body);

    expect(message.relationship_type__v).toBe('target_doc_id__v');
  });
});
