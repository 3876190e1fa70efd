import { defaultSeed } from '../fake-vault/default-seed';
import { mulberry32 } from '../fake-vault/prng';

/** Vault Loader's column names for document relationships, in its order. */
export const CSV_COLUMNS = [
  'source_doc_id__v',
  'source_major_version__v',
  'source_minor_version__v',
  'target_doc_id__v',
  'target_major_version__v',
  'target_minor_version__v',
  'relationship_type__v',
] as const;

export type ExampleRow = Record<(typeof CSV_COLUMNS)[number], string>;

/** Ids the default seed lacks; the run adds them to the fake Vault later (the "fix"). */
export const LATE_DOCUMENT_IDS = [950, 951, 952, 953] as const;

// The seed page's own example: document 548 v0.1 supported by 548 v0.2.
const SEED_EXAMPLE: ExampleRow = row(548, 0, 1, 548, 0, 2, 'supporting_documents__vs');

// Schema-invalid rows a careless producer might send: bad ids, bad versions, bad type names.
const MALFORMED: ExampleRow[] = [
  row('54x', 0, 1, 549, 0, 2, 'supporting_documents__vs'),
  row(-12, 0, 1, 549, 0, 2, 'supporting_documents__vs'),
  row(548, 0, 1, '549.5', 0, 2, 'related_pieces__vs'),
  row('548/../1', 0, 1, 549, 0, 2, 'supporting_documents__vs'),
  row('1e3', 0, 1, 549, 1, 0, 'linked_claims__vs'),
  row(548, 0, 1, 99_999_999_999, 0, 1, 'references__c'),
  row(548, 0, 1, 549, 0, 2, 'Supporting Documents'),
  row(549, 1, 0, 548, 0, 1, 'supporting_documents__x'),
  row(550, 0, 1, 548, '', 2, 'related_pieces__vs'),
  row(551, 0, -1, 548, 0, 1, 'references__c'),
  row(552, 0, 1, '', '', '', 'related_document__v'),
  row(548, 0, 1, 549, 0, 2, 'supporting documents, draft'),
];

function row(
  source: number | string,
  sourceMajor: number | string,
  sourceMinor: number | string,
  target: number | string,
  targetMajor: number | string,
  targetMinor: number | string,
  type: string,
): ExampleRow {
  const cells = [source, sourceMajor, sourceMinor, target, targetMajor, targetMinor, type].map(String);
  return Object.fromEntries(CSV_COLUMNS.map((column, index) => [column, cells[index] ?? ''])) as ExampleRow;
}

/** How many rows of each kind a file of `total` rows gets; what is left is distinct valid rows. */
const shares = (total: number) => ({
  missingDocument: Math.max(4, Math.round(total * 0.04)),
  standardType: Math.max(2, Math.round(total * 0.02)),
  unknownVersion: Math.max(1, Math.round(total * 0.01)),
  unknownType: Math.max(1, Math.round(total * 0.01)),
  missingTargetVersion: Math.max(1, Math.round(total * 0.01)),
  malformed: Math.min(MALFORMED.length, Math.max(3, Math.round(total * 0.04))),
  duplicate: Math.max(3, Math.round(total * 0.07)),
});

/**
 * A realistic Vault Loader file against the fake Vault's default seed, the same for the same
 * arguments: mostly new relationships, plus duplicates, documents the vault does not have yet,
 * a standard type, versions and types that do not exist, and rows that fail the schema.
 * The seed page's example is always the first row.
 */
export const generateExampleRows = ({
  total,
  seed = 2026,
}: {
  total: number;
  seed?: number;
}): ExampleRow[] => {
  const random = mulberry32(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const { documents, relationshipTypes } = defaultSeed();
  const creatable = relationshipTypes.filter((type) => !type.system);
  const counts = shares(total);
  const special: ExampleRow[] = [];
  const keys = new Set<string>([keyOf(SEED_EXAMPLE)]);

  const valid = (): ExampleRow => {
    for (;;) {
      const source = pick(documents);
      const target = pick(documents);
      const [sourceMajor, sourceMinor] = pick(source.versions);
      const type = pick(creatable);
      // Version-agnostic types take no target version; only the specific ones need one.
      const [targetMajor, targetMinor] = type.targetDocVersionSpecific ? pick(target.versions) : ['', ''];
      const candidate = row(
        source.id,
        sourceMajor,
        sourceMinor,
        target.id,
        targetMajor,
        targetMinor,
        type.value,
      );
      if (keys.has(keyOf(candidate)) || (source.id === target.id && !type.targetDocVersionSpecific)) continue;
      keys.add(keyOf(candidate));
      return candidate;
    }
  };

  for (let index = 0; index < counts.missingDocument; index += 1) {
    const late = LATE_DOCUMENT_IDS[index % LATE_DOCUMENT_IDS.length] as number;
    const known = pick(documents);
    const [major, minor] = pick(known.versions);
    const lateVersion = index % 3 === 2 ? [1, 0] : [0, 1];
    special.push(
      index % 2 === 0
        ? row(
            late,
            lateVersion[0] as number,
            lateVersion[1] as number,
            known.id,
            major,
            minor,
            'supporting_documents__vs',
          )
        : row(
            known.id,
            major,
            minor,
            late,
            lateVersion[0] as number,
            lateVersion[1] as number,
            'related_pieces__vs',
          ),
    );
  }
  // based_on__v is a standard type: Vault manages it and refuses to create it through the API.
  for (let index = 0; index < counts.standardType; index += 1) {
    special.push({ ...valid(), relationship_type__v: 'based_on__v' });
  }
  for (let index = 0; index < counts.unknownVersion; index += 1) {
    special.push({ ...valid(), source_major_version__v: '9', source_minor_version__v: String(index) });
  }
  for (let index = 0; index < counts.unknownType; index += 1) {
    special.push({ ...valid(), relationship_type__v: 'promotional_claims__c' });
  }
  for (let index = 0; index < counts.missingTargetVersion; index += 1) {
    special.push({
      ...valid(),
      relationship_type__v: 'linked_claims__vs',
      target_major_version__v: '',
      target_minor_version__v: '',
    });
  }
  special.push(...MALFORMED.slice(0, counts.malformed));

  const distinct = total - 1 - special.length - counts.duplicate;
  const fresh = Array.from({ length: Math.max(0, distinct) }, valid);
  const duplicates = Array.from({ length: counts.duplicate }, (_, index) =>
    // Every few duplicates repeat the seed example, the row most likely to be sent twice.
    index % 5 === 0 ? { ...SEED_EXAMPLE } : { ...pick(fresh.length > 0 ? fresh : [SEED_EXAMPLE]) },
  );
  const rest = [...fresh, ...special, ...duplicates];
  for (let index = rest.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1));
    [rest[index], rest[other]] = [rest[other] as ExampleRow, rest[index] as ExampleRow];
  }
  return [{ ...SEED_EXAMPLE }, ...rest].slice(0, total);
};

function keyOf(example: ExampleRow): string {
  const { target_major_version__v: _major, target_minor_version__v: _minor, ...identity } = example;
  return JSON.stringify(identity);
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

export const toCsv = (rows: readonly ExampleRow[]): string =>
  [
    CSV_COLUMNS.join(','),
    ...rows.map((example) => CSV_COLUMNS.map((column) => csvCell(example[column])).join(',')),
  ]
    .join('\n')
    .concat('\n');
