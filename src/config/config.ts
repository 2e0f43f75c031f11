import * as path from 'node:path';

/** The kubepg subcommands. */
export type Command = 'up' | 'apiserver' | 'help' | 'version';

/** Settings of `kubepg up` and `kubepg apiserver`, parsed once from flags and the environment. */
export interface KubepgConfig {
  command: Command;
  /** Where Postgres data, PKI, tokens and the kubeconfig live. */
  dataDir: string;
  /** External Postgres; when absent `kubepg up` starts an embedded one. */
  databaseUrl?: string;
  bindAddress: string;
  port: number;
  /** Port of the embedded Postgres (kubepg up without DATABASE_URL). */
  postgresPort: number;
  /** How long watch history stays addressable, in seconds (at least 300). */
  eventWindowSeconds: number;
  /** Largest accepted request body, in bytes. */
  maxRequestBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
}

/** Flags understood by the CLI, with their help text; the README lists the same. */
export const FLAG_HELP: Record<string, string> = {
  '--data-dir DIR': 'state directory (default .kubepg in the working directory; env KUBEPG_DATA_DIR)',
  '--database-url URL': 'external PostgreSQL; without it `up` runs an embedded one (env DATABASE_URL)',
  '--bind-address ADDR': 'address the apiserver listens on (default 127.0.0.1)',
  '--port N': 'HTTPS port of the apiserver (default 6443)',
  '--postgres-port N': 'port of the embedded PostgreSQL (default 6543)',
  '--event-window SECONDS': 'how long watch history stays addressable (default 300, minimum 300)',
  '--log-level LEVEL': 'debug | info | warn | error (default info)',
};

/** A configuration error that the CLI prints without a stack trace. */
export class ConfigError extends Error {}

function intFlag(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be an integer between ${min} and ${max}, got "${raw}"`);
  }
  return n;
}

/**
 * Parses argv (without node and the script) and the environment into a validated config.
 * Unknown flags are errors: a typo must not silently fall back to a default.
 */
export function parseConfig(argv: string[], env: NodeJS.ProcessEnv, cwd: string): KubepgConfig {
  const [first, ...rest] = argv;
  const command = (first ?? 'help') as Command;
  if (!['up', 'apiserver', 'help', 'version'].includes(command)) {
    throw new ConfigError(`unknown command "${first}"; try "kubepg help"`);
  }
  const cfg: KubepgConfig = {
    command,
    dataDir: path.resolve(cwd, env.KUBEPG_DATA_DIR ?? '.kubepg'),
    databaseUrl: env.DATABASE_URL || undefined,
    bindAddress: '127.0.0.1',
    port: 6443,
    postgresPort: 6543,
    eventWindowSeconds: 300,
    maxRequestBytes: 3 * 1024 * 1024,
    logLevel: 'info',
  };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? rest[++i];
      if (v === undefined) {
        throw new ConfigError(`${flag} needs a value`);
      }
      return v;
    };
    switch (flag) {
      case '--data-dir':
        cfg.dataDir = path.resolve(cwd, value());
        break;
      case '--database-url':
        cfg.databaseUrl = value();
        break;
      case '--bind-address':
        cfg.bindAddress = value();
        break;
      case '--port':
        cfg.port = intFlag('--port', value(), 0, 65535);
        break;
      case '--postgres-port':
        cfg.postgresPort = intFlag('--postgres-port', value(), 1, 65535);
        break;
      case '--event-window':
        cfg.eventWindowSeconds = intFlag('--event-window', value(), 300, 86400);
        break;
      case '--log-level': {
        const v = value();
        if (!['debug', 'info', 'warn', 'error'].includes(v)) {
          throw new ConfigError(`--log-level must be debug, info, warn or error, got "${v}"`);
        }
        cfg.logLevel = v as KubepgConfig['logLevel'];
        break;
      }
      default:
        throw new ConfigError(`unknown flag "${flag}" for "kubepg ${command}"`);
    }
  }
  if (command === 'apiserver' && !cfg.databaseUrl) {
    throw new ConfigError('kubepg apiserver needs --database-url (or DATABASE_URL)');
  }
  return cfg;
}
