/**
 * skiff: a kubectl-compatible CLI and the one entry point to every Skiff daemon.
 *
 * `run(argv, io)` is the whole CLI as a function returning the exit code, so tests run it
 * in-process and capture exactly what a user sees; the bottom of this file is the process
 * entry. Parsing uses commander because it gives subcommands with their own flags, global
 * flags accepted anywhere on the line (`skiff get pods -n x` and `skiff -n x get pods`, as
 * kubectl), `-oyaml`-style short values and generated help, with no runtime dependencies.
 */
import { Command, CommanderError } from 'commander';
import { normaliseArgv } from './argv.ts';
import { registerApiResources } from './commands/api-resources.ts';
import { registerApply } from './commands/apply.ts';
import { registerCompletion } from './commands/completion.ts';
import { registerConfig } from './commands/config.ts';
import { registerCreate } from './commands/create.ts';
import { isDaemon, registerDaemons, runDaemon } from './commands/daemons.ts';
import { registerDelete } from './commands/delete.ts';
import { registerDescribe } from './commands/describe.ts';
import { registerDoctor } from './commands/doctor.ts';
import { registerEdit } from './commands/edit.ts';
import { registerExec } from './commands/exec.ts';
import { registerExplain } from './commands/explain.ts';
import { registerGet } from './commands/get.ts';
import { registerGpus } from './commands/gpus.ts';
import { registerLogs } from './commands/logs.ts';
import { registerMutations } from './commands/mutate.ts';
import { registerPortForward } from './commands/port-forward.ts';
import { registerUp } from './commands/up.ts';
import { registerRollout } from './commands/rollout.ts';
import { registerCordon } from './commands/cordon.ts';
import { registerDrain } from './commands/drain.ts';
import { registerVersion } from './commands/version.ts';
import { registerWait } from './commands/wait.ts';
import { registerWhy } from './commands/why.ts';
import { registerToken } from './commands/token.ts';
import { registerTop } from './commands/top.ts';
import { CommandContext, type Register } from './context.ts';
import { describeError } from './errors.ts';
import { processIO, type CliIO } from './io.ts';

const COMMANDS: Register[] = [
  registerGet,
  registerApply,
  registerCreate,
  registerDelete,
  registerDescribe,
  registerLogs,
  registerExec,
  registerPortForward,
  registerMutations,
  registerWait,
  registerRollout,
  registerCordon,
  registerDrain,
  registerConfig,
  registerVersion,
  registerApiResources,
  registerExplain,
  registerCompletion,
  registerEdit,
  registerGpus,
  registerTop,
  registerWhy,
  registerDoctor,
  registerUp,
  registerToken,
  registerDaemons,
];

function buildProgram(io: CliIO): { program: Command; ctx: CommandContext } {
  const program = new Command('skiff')
    .description('skiff controls a Skiff (Kubernetes-compatible) cluster, and runs its components.')
    .option('--kubeconfig <path>', 'Path to the kubeconfig file to use for CLI requests')
    .option('--context <name>', 'The name of the kubeconfig context to use')
    .option('-s, --server <address>', 'The address and port of the Kubernetes API server')
    .option('--token <token>', 'Bearer token for authentication to the API server')
    .option('-n, --namespace <namespace>', 'If present, the namespace scope for this CLI request')
    .option('--insecure-skip-tls-verify', "If true, the server's certificate will not be checked for validity")
    .showSuggestionAfterError(false)
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // One line, kubectl's wording: `error: unknown flag: --foo`.
      outputError: () => undefined,
    });
  const ctx = new CommandContext(io, program);
  for (const register of COMMANDS) register(program, ctx);
  return { program, ctx };
}

function commanderLine(e: CommanderError): string {
  const m = e.message.replace(/^error: /, '');
  const unknownOpt = /unknown option '([^']+)'/.exec(m);
  if (unknownOpt) return `error: unknown flag: ${unknownOpt[1]}`;
  const unknownCmd = /unknown command '([^']+)'/.exec(m);
  if (unknownCmd) return `error: unknown command "${unknownCmd[1]}" for "skiff"`;
  return `error: ${m}`;
}

export async function run(argv: string[], io: CliIO = processIO()): Promise<number> {
  const { program, ctx } = buildProgram(io);
  try {
    if (!argv.length) {
      program.outputHelp();
      return 0;
    }
    const [first, ...rest] = argv;
    if (isDaemon(first)) {
      await runDaemon(first, rest, io);
      return 0;
    }
    await program.parseAsync(normaliseArgv(argv), { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.exitCode === 0) return 0; // --help, --version
      io.stderr.write(`${commanderLine(e)}\n`);
      return 1;
    }
    const { line, exitCode } = describeError(e, ctx.serverIfConnected());
    if (line) io.stderr.write(`${line}\n`);
    return exitCode;
  }
}

/** Exit only once stdout/stderr are flushed (pipes are asynchronous in Node). */
function exitAfterFlush(code: number): void {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
}

if (import.meta.url === `file://${process.argv[1]}` || process.argv[1]?.endsWith('/apps/cli/src/main.ts')) {
  // `skiff get pods | head`: a closed pipe ends the command quietly, as it does for kubectl.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => process.exit(e.code === 'EPIPE' ? 0 : 1));
  run(process.argv.slice(2)).then(exitAfterFlush, (e: unknown) => {
    process.stderr.write(`error: ${e instanceof Error ? e.message : String(e)}\n`);
    exitAfterFlush(1);
  });
}
