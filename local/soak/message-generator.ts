import type { RelationshipMessageInput } from '../../functions/relationships/message';
import type { SeededRandom } from './seeded-random';

/**
 * What the soak enqueues. `valid` messages name documents the soak added to the fake Vault, each a
 * different relationship; `unknown-document` ones pass the schema but name a document Vault does not
 * have; `invalid` ones fail the schema. Each carries `soakId` (sent as the `soak.id` message
 * attribute, which the DLQ keeps) so every message can be traced to its end.
 */
export type SoakMessageKind = 'valid' | 'unknown-document' | 'invalid';

export interface SoakMessage {
  soakId: string;
  kind: SoakMessageKind;
  body: string;
  /** The relationship the message asks for (see relationshipKey); absent for invalid messages. */
  key?: string;
}

export interface SoakDocument {
  id: number;
  versions: [number, number][];
}

export interface SoakRelationshipType {
  name: string;
  /** Whether messages of this type name target versions (types that are not version specific do not). */
  targetVersionSpecific: boolean;
}

export interface GenerateOptions {
  count: number;
  random: SeededRandom;
  relationshipTypes: readonly SoakRelationshipType[];
  invalidShare: number;
  unknownDocumentShare: number;
  /** First id of the documents the soak adds to the fake Vault; kept clear of the fake's own seed. */
  firstDocumentId?: number;
}

export interface GeneratedSoak {
  messages: SoakMessage[];
  /** Documents to add to the fake Vault before enqueueing. */
  documents: SoakDocument[];
}

/** The attribute that carries a message's soak id through the queue and the DLQ. */
export const SOAK_ID_ATTRIBUTE = 'soak.id';

const DOCUMENT_VERSIONS: [number, number][] = [
  [0, 1],
  [1, 0],
];
const UNKNOWN_DOCUMENT_BASE = 9_000_000;

interface RelationshipRow {
  source_doc_id__v: number | string;
  source_major_version__v: number | string;
  source_minor_version__v: number | string;
  target_doc_id__v: number | string;
  target_major_version__v?: number | string | null;
  target_minor_version__v?: number | string | null;
  relationship_type__v: string;
}

/** One string per distinct relationship, built the same way from a message and from a fake Vault row. */
export const relationshipKey = (row: RelationshipRow): string => {
  const target =
    row.target_major_version__v === undefined || row.target_major_version__v === null
      ? '*'
      : `${Number(row.target_major_version__v)}.${Number(row.target_minor_version__v)}`;
  return `${Number(row.source_doc_id__v)}@${Number(row.source_major_version__v)}.${Number(
    row.source_minor_version__v,
  )}>${Number(row.target_doc_id__v)}@${target}:${row.relationship_type__v}`;
};

// Broken on purpose, one per schema rule, so the relay's rejection path sees every kind of fault.
const INVALID_BODIES = [
  '{"source_doc_id__v": 548, "source_major_version__v": 0,',
  '{"source_doc_id__v":548,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id":549,"relationship_type__v":"supporting_documents__vs"}',
  '{"source_doc_id__v":-5,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549,"relationship_type__v":"supporting_documents__vs"}',
  '{"source_doc_id__v":"548/../1","source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549,"relationship_type__v":"supporting_documents__vs"}',
  '{"source_doc_id__v":548,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549}',
  '{"source_doc_id__v":548,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549,"relationship_type__v":"Supporting Documents"}',
  '{"source_doc_id__v":548,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549,"target_major_version__v":1,"relationship_type__v":"supporting_documents__vs"}',
  '[{"source_doc_id__v":548}]',
  '{"source_doc_id__v":548.5,"source_major_version__v":0,"source_minor_version__v":1,"target_doc_id__v":549,"relationship_type__v":"supporting_documents__vs"}',
];

/** Draws `count` distinct integers from [0, space) without building the whole range. */
const distinctIndices = (count: number, space: number, random: SeededRandom): number[] => {
  if (count > space) throw new RangeError(`cannot draw ${count} distinct values from ${space}`);
  const swapped = new Map<number, number>();
  const drawn: number[] = [];
  for (let index = 0; index < count; index += 1) {
    const pick = index + random.int(space - index);
    drawn.push(swapped.get(pick) ?? pick);
    swapped.set(pick, swapped.get(index) ?? index);
  }
  return drawn;
};

const slotsPerType = (type: SoakRelationshipType) =>
  type.targetVersionSpecific ? DOCUMENT_VERSIONS.length : 1;

const combinationsFor = (documentCount: number, types: readonly SoakRelationshipType[]) =>
  documentCount *
  DOCUMENT_VERSIONS.length *
  (documentCount - 1) *
  types.reduce((sum, type) => sum + slotsPerType(type), 0);

/** Turns a combination index into one relationship: source doc and version, target doc, type and target version. */
const decode = (
  index: number,
  documentIds: readonly number[],
  types: readonly SoakRelationshipType[],
): RelationshipMessageInput => {
  const documentCount = documentIds.length;
  let rest = index;
  const source = rest % documentCount;
  rest = Math.floor(rest / documentCount);
  const sourceVersion = DOCUMENT_VERSIONS[rest % DOCUMENT_VERSIONS.length] as [number, number];
  rest = Math.floor(rest / DOCUMENT_VERSIONS.length);
  const target = (source + 1 + (rest % (documentCount - 1))) % documentCount;
  rest = Math.floor(rest / (documentCount - 1));
  for (const type of types) {
    const slots = slotsPerType(type);
    if (rest < slots) {
      const message: RelationshipMessageInput = {
        source_doc_id__v: documentIds[source] as number,
        source_major_version__v: sourceVersion[0],
        source_minor_version__v: sourceVersion[1],
        target_doc_id__v: documentIds[target] as number,
        relationship_type__v: type.name,
      };
      if (type.targetVersionSpecific) {
        const targetVersion = DOCUMENT_VERSIONS[rest] as [number, number];
        message.target_major_version__v = targetVersion[0];
        message.target_minor_version__v = targetVersion[1];
      }
      return message;
    }
    rest -= slots;
  }
  throw new RangeError(`combination ${index} is out of range`);
};

export const generateSoakMessages = (options: GenerateOptions): GeneratedSoak => {
  const { count, random, relationshipTypes, invalidShare, unknownDocumentShare } = options;
  if (relationshipTypes.length === 0) throw new RangeError('at least one relationship type is needed');
  const kinds: SoakMessageKind[] = Array.from({ length: count }, () => {
    const roll = random.next();
    if (roll < invalidShare) return 'invalid';
    if (roll < invalidShare + unknownDocumentShare) return 'unknown-document';
    return 'valid';
  });
  const validCount = kinds.filter((kind) => kind === 'valid').length;

  // Enough documents that the valid messages use at most half of the combinations.
  let documentCount = 3;
  while (combinationsFor(documentCount, relationshipTypes) < 2 * validCount) documentCount += 1;
  const firstId = options.firstDocumentId ?? 700_000;
  const documents = Array.from({ length: documentCount }, (_, index) => ({
    id: firstId + index,
    versions: DOCUMENT_VERSIONS.map((version) => [...version] as [number, number]),
  }));
  const documentIds = documents.map((document) => document.id);
  const combinations = distinctIndices(validCount, combinationsFor(documentCount, relationshipTypes), random);

  let nextCombination = 0;
  const messages = kinds.map((kind, index): SoakMessage => {
    const soakId = `m${String(index + 1).padStart(6, '0')}`;
    if (kind === 'invalid') return { soakId, kind, body: random.pick(INVALID_BODIES) };
    let message: RelationshipMessageInput;
    if (kind === 'valid') {
      message = decode(combinations[nextCombination] as number, documentIds, relationshipTypes);
      nextCombination += 1;
    } else {
      // The unknown id is unique per message, so these relationships are distinct too.
      const known = documentIds[random.int(documentIds.length)] as number;
      const unknown = UNKNOWN_DOCUMENT_BASE + index;
      const unknownIsSource = random.chance(0.5);
      message = {
        source_doc_id__v: unknownIsSource ? unknown : known,
        source_major_version__v: 0,
        source_minor_version__v: 1,
        target_doc_id__v: unknownIsSource ? known : unknown,
        relationship_type__v: (relationshipTypes[0] as SoakRelationshipType).name,
      };
    }
    return { soakId, kind, body: JSON.stringify(message), key: relationshipKey(message as RelationshipRow) };
  });
  return { messages, documents };
};
