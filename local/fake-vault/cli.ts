import { Command, InvalidArgumentError } from 'commander';
import { defaultSeed } from './default-seed';
import { DEFAULT_USER } from './options';
import { InvalidSeedError, readSeedFile } from './seed-schema';
import { startFakeVault } from './server';

const wholeNumber = (value: string) => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('expected a whole number');
  return Number(value);
};

const program = new Command('fake-vault')
  .description('Runs the fake Veeva Vault on 127.0.0.1 (see docs/fake-vault.md).')
  .option('--port <port>', 'port to listen on (0 picks a free one)', wholeNumber, 8080)
  .option('--seed <file>', 'seed JSON with documents and relationship types (default: built-in seed)')
  .option('--duplicate <mode>', 'how a duplicate create is answered: success-id-0 | failure', 'success-id-0')
  .option('--burst-limit <calls>', 'burst budget per 5-minute window', wholeNumber)
  .option('--lowercase-headers', 'send header names in lowercase, as HTTP/2 Vaults do')
  .option('--print-seed', 'print the built-in seed as JSON and exit (a starting point for --seed)');

const main = async () => {
  program.parse();
  const flags = program.opts<{
    port: number;
    seed?: string;
    duplicate: string;
    burstLimit?: number;
    lowercaseHeaders?: boolean;
    printSeed?: boolean;
  }>();
  if (flags.printSeed) {
    process.stdout.write(`${JSON.stringify(defaultSeed(), null, 2)}\n`);
    return;
  }
  if (flags.duplicate !== 'success-id-0' && flags.duplicate !== 'failure') {
    program.error(`--duplicate must be success-id-0 or failure, not ${flags.duplicate}`);
  }
  const seed = flags.seed ? await readSeedFile(flags.seed) : undefined;
  const vault = await startFakeVault({
    port: flags.port,
    seed,
    duplicate: flags.duplicate as 'success-id-0' | 'failure',
    burst: flags.burstLimit === undefined ? undefined : { limit: flags.burstLimit },
    lowercaseHeaders: flags.lowercaseHeaders,
  });
  // The password is not printed: it is the documented local default (docs/fake-vault.md).
  console.log(`fake Vault listening on ${vault.url} (API base ${vault.url}/api/v25.2)`);
  console.log(
    `vault DNS ${vault.dns}; default user ${DEFAULT_USER.username} (password in docs/fake-vault.md)`,
  );
  console.log('Ctrl-C to stop');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    await vault.stop();
    console.log(`fake Vault stopped (${signal})`);
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
};

main().catch((error: unknown) => {
  if (error instanceof InvalidSeedError) console.error(error.message);
  else console.error(`fake Vault failed to start: ${(error as Error).message}`);
  process.exit(1);
});
