import type { DeadLetterView } from '../../cli/dlq/dead-letter-view';
import { parseRelationshipMessage } from '../../functions/relationships/message';
import type { SeedDocument } from '../fake-vault';

/**
 * The documents that dead letters name but the vault does not have, each with every version the
 * letters ask for — what "the missing documents appear" means for the run's fix step. Letters
 * that are not valid messages name nothing; versions of documents the vault has are not added
 * (a wrong version is a different cause, and stays in the DLQ).
 */
export const missingDocuments = (
  letters: readonly DeadLetterView[],
  vaultHas: (documentId: number) => boolean,
): SeedDocument[] => {
  const versions = new Map<number, Set<string>>();
  const want = (id: number, major: number | undefined, minor: number | undefined) => {
    if (vaultHas(id)) return;
    const set = versions.get(id) ?? new Set<string>();
    // A version-agnostic target still needs a document; its first draft will do.
    set.add(major === undefined || minor === undefined ? '0.1' : `${major}.${minor}`);
    versions.set(id, set);
  };
  for (const letter of letters) {
    let message: ReturnType<typeof parseRelationshipMessage>;
    try {
      message = parseRelationshipMessage(letter.body);
    } catch {
      continue;
    }
    want(message.source_doc_id__v, message.source_major_version__v, message.source_minor_version__v);
    want(message.target_doc_id__v, message.target_major_version__v, message.target_minor_version__v);
  }
  return [...versions.entries()]
    .sort(([a], [b]) => a - b)
    .map(([id, set]) => ({
      id,
      versions: [...set]
        .map((text) => text.split('.').map(Number) as [number, number])
        .sort(([majorA, minorA], [majorB, minorB]) => majorA - majorB || minorA - minorB),
    }));
};
