/**
 * `skiff doctor [--run-test-container [--image I]] [--from DIR]`: checks this machine (no
 * cluster needed) the way the node agent will use it — Docker engine, cgroups, NVIDIA kernel
 * module and driver, nvidia-smi, device nodes, the passthrough path — and prints the fix for
 * each failure. Exit 1 when any check FAILs. The GPU module is loaded only here (dynamic
 * import), so other commands do not pay for it.
 */
import type { Command } from 'commander';
import type { CommandContext, Register } from '../context.ts';
import { SilentExit } from '../errors.ts';

interface DoctorFlags {
  runTestContainer?: boolean;
  image: string;
  from?: string;
}

async function runDoctorCommand(ctx: CommandContext, flags: DoctorFlags): Promise<void> {
  const [{ runDoctor }, { formatChecks }, { dockerApi }, gpu] = await Promise.all([
    import('../doctor/run.ts'),
    import('../doctor/check.ts'),
    import('../doctor/docker-api.ts'),
    import('../../../node-agent/src/gpu/index.ts'),
  ]);
  const runner = flags.from ? gpu.captureRunner(flags.from) : gpu.hostRunner();
  const checks = await runDoctor({ runner, docker: dockerApi(ctx.io.env['DOCKER_HOST']), ...(flags.runTestContainer ? { testImage: flags.image } : {}) });
  ctx.out(formatChecks(checks));
  if (checks.some((c) => c.status === 'FAIL')) throw new SilentExit(1);
}

export const registerDoctor: Register = (program: Command, ctx: CommandContext) => {
  program
    .command('doctor')
    .description('Check this machine for running Skiff pods with GPUs: Docker, cgroups, NVIDIA driver, device nodes, passthrough')
    .option('--run-test-container', 'Also start a container the way the agent would and check that it sees the GPU')
    .option('--image <image>', 'Image for the test container (needs glibc on the raw path)', 'ubuntu:24.04')
    .option('--from <dir>', 'Read the GPU facts from a capture folder instead of this machine')
    .action((flags: DoctorFlags) => runDoctorCommand(ctx, flags));
};
