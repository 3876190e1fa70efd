import { InvalidMessageError } from '../../functions/relationships/errors';
import { type RelationshipMessage, validateRelationshipMessage } from '../../functions/relationships/message';
import type { RawRow } from './read-rows';

export interface ValidRow {
  line: number;
  message: RelationshipMessage;
}

export interface InvalidRow {
  line: number;
  fields: string[];
  problem: string;
}

/**
 * Every row goes through the handler's own schema, so what the CLI accepts is exactly what the
 * relay will accept; the problems keep the schema's field names for the producer to fix.
 */
export const validateRows = (rows: readonly RawRow[]): { valid: ValidRow[]; invalid: InvalidRow[] } => {
  const valid: ValidRow[] = [];
  const invalid: InvalidRow[] = [];
  for (const row of rows) {
    if (!row.ok) {
      invalid.push({ line: row.line, fields: row.fields, problem: row.problem });
      continue;
    }
    try {
      valid.push({ line: row.line, message: validateRelationshipMessage(row.value) });
    } catch (error) {
      if (!(error instanceof InvalidMessageError)) throw error;
      invalid.push({ line: row.line, fields: [...error.fields], problem: error.message });
    }
  }
  return { valid, invalid };
};
