import { writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { generateExampleRows, toCsv } from './run/example-relationships';

/**
 * Regenerates examples/relationships.csv (or any size of it) from the fake Vault's default seed:
 * `tsx local/make-example-csv.ts [--rows 300] [--seed 2026] [--out examples/relationships.csv]`.
 * Deterministic, so the committed file only changes when the generator or the seed does.
 */
const positiveInteger = (value: string) => {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new InvalidArgumentError('must be a positive integer');
  return number;
};

const program = new Command('make-example-csv')
  .option('--rows <n>', 'data rows to write', positiveInteger, 300)
  .option('--seed <n>', 'generator seed', positiveInteger, 2026)
  .option('--out <file>', 'where to write', 'examples/relationships.csv')
  .action(async (options: { rows: number; seed: number; out: string }) => {
    await writeFile(options.out, toCsv(generateExampleRows({ total: options.rows, seed: options.seed })));
    process.stderr.write(`wrote ${options.rows} rows to ${options.out}\n`);
  });

await program.parseAsync();
