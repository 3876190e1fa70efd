import { mulberry32 } from './prng';
import type { ParsedSeed, RelationshipType } from './seed-schema';

/**
 * The default seed: 400 documents (ids 500-899) of PromoMats-like types, each with two to five
 * versions, generated deterministically so every run (and every test) sees the same vault.
 * Documents 548 and 549 have v0.1, v0.2 and v1.0, so the seed page's example
 * (548 v0.1 → 548 v0.2, supporting_documents__vs) works out of the box.
 */
export const DEFAULT_RELATIONSHIP_TYPES: RelationshipType[] = [
  type('supporting_documents__vs', 'Supporting Documents', true),
  type('related_pieces__vs', 'Related Pieces', true),
  type('linked_claims__vs', 'Linked Claims', true),
  type('related_document__v', 'Related Document', false),
  type('references__c', 'References', false),
  type('study_report_link__c', 'Study Report Link', true),
  { ...type('based_on__v', 'Based On', true), system: true, singleUse: true },
  { ...type('original_source__v', 'Original Source', false), system: true, singleUse: true },
  { ...type('attachments__v', 'Attachments', true), system: true },
];

function type(value: string, label: string, targetDocVersionSpecific: boolean): RelationshipType {
  return {
    value,
    label,
    sourceDocVersionSpecific: true,
    targetDocVersionSpecific,
    system: false,
    singleUse: false,
  };
}

const DOCUMENT_TYPES = [
  'promotional_piece__c',
  'claim__c',
  'reference__c',
  'clinical_study_report__c',
  'product_label__c',
] as const;

/** Version histories a real document goes through: drafts, a first approval, revisions. */
const HISTORIES: [number, number][][] = [
  [
    [0, 1],
    [0, 2],
  ],
  [
    [0, 1],
    [0, 2],
    [1, 0],
  ],
  [
    [0, 1],
    [0, 2],
    [0, 3],
    [1, 0],
  ],
  [
    [0, 1],
    [1, 0],
    [1, 1],
    [2, 0],
  ],
  [
    [0, 1],
    [0, 2],
    [1, 0],
    [1, 1],
    [2, 0],
  ],
];

export const FIRST_DEFAULT_DOCUMENT_ID = 500;
export const LAST_DEFAULT_DOCUMENT_ID = 899;

export const defaultSeed = (): ParsedSeed => {
  const random = mulberry32(0x5eed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const documents: ParsedSeed['documents'] = [];
  for (let id = FIRST_DEFAULT_DOCUMENT_ID; id <= LAST_DEFAULT_DOCUMENT_ID; id += 1) {
    const documentType = pick(DOCUMENT_TYPES);
    const history = id === 548 || id === 549 ? (HISTORIES[1] as [number, number][]) : pick(HISTORIES);
    documents.push({
      id,
      type: documentType,
      name: `${documentType.replace(/__c$/, '').replaceAll('_', ' ')} ${id}`,
      versions: history.map(([major, minor]) => [major, minor]),
    });
  }
  return { documents, relationshipTypes: DEFAULT_RELATIONSHIP_TYPES.map((entry) => ({ ...entry })) };
};
