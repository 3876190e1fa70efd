import type { RelationshipMessageInput } from '../functions/relationships/message';
import { FIRST_DEFAULT_DOCUMENT_ID, LAST_DEFAULT_DOCUMENT_ID } from '../local/fake-vault/default-seed';

const DOCUMENTS = LAST_DEFAULT_DOCUMENT_ID - FIRST_DEFAULT_DOCUMENT_ID + 1;

/**
 * `count` distinct, valid relationships between the fake Vault's default documents, so every
 * message is a real create (no duplicates answered as "existed"). Every default document has a
 * v0.1, and `references__c` does not need target versions; the pair (source, offset) is unique
 * for up to 400 × 399 messages.
 */
export const benchMessages = (count: number): RelationshipMessageInput[] => {
  if (count > DOCUMENTS * (DOCUMENTS - 1))
    throw new RangeError(`at most ${DOCUMENTS * (DOCUMENTS - 1)} messages`);
  return Array.from({ length: count }, (_, index) => {
    const source = index % DOCUMENTS;
    const offset = 1 + Math.floor(index / DOCUMENTS);
    return {
      source_doc_id__v: FIRST_DEFAULT_DOCUMENT_ID + source,
      source_major_version__v: 0,
      source_minor_version__v: 1,
      target_doc_id__v: FIRST_DEFAULT_DOCUMENT_ID + ((source + offset) % DOCUMENTS),
      relationship_type__v: 'references__c',
    };
  });
};
