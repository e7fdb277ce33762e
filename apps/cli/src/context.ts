/**
 * What every command gets: the I/O to use, the global flags, and the connection and
 * discovery, both made lazily (commands like `version --client` or `config` never connect).
 */
import type { Command } from 'commander';
import { connect, type Connection, type GlobalFlags } from './connection.ts';
import { Discovery } from './discovery.ts';
import type { CliIO } from './io.ts';

export class CommandContext {
  readonly io: CliIO;
  readonly #program: Command;
  #connection: Connection | undefined;
  #discovery: Discovery | undefined;

  constructor(io: CliIO, program: Command) {
    this.io = io;
    this.#program = program;
  }

  globals(): GlobalFlags {
    return this.#program.opts<GlobalFlags>();
  }

  connection(): Connection {
    this.#connection ??= connect(this.globals(), this.io);
    return this.#connection;
  }

  /** The server URL, once connected (for "connection refused" messages). */
  serverIfConnected(): string | undefined {
    return this.#connection?.server;
  }

  discovery(): Discovery {
    this.#discovery ??= new Discovery(this.connection().client);
    return this.#discovery;
  }

  out(text: string): void {
    this.io.stdout.write(text);
  }

  err(text: string): void {
    this.io.stderr.write(text);
  }
}

/** Each command file exports one of these. */
export type Register = (program: Command, ctx: CommandContext) => void;
