import { ConfigError } from '../functions/relationships/errors';
import { createRelayApp } from './relay-app';

try {
  createRelayApp().app.synth();
} catch (error) {
  // A settings mistake is the user's to fix: print the list of bad keys, not a stack trace.
  if (!(error instanceof ConfigError)) throw error;
  console.error(error.message);
  process.exitCode = 1;
}
