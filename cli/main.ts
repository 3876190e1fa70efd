import { processContext } from './context';
import { runCli } from './program';

// The SDK warns on every run that releases after January 2027 need Node 22. The relay supports
// Node 20 today (see package.json engines); the seven-line notice would break the promise that an
// error is one `relay:` line. Set before any client exists: the SDK checks when a client is built.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';

process.exitCode = await runCli(process.argv.slice(2), processContext());
