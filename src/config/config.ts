import * as path from 'node:path';

/** The kubepg subcommands. */
export type Command = 'up' | 'apiserver' | 'scheduler' | 'node-agent' | 'controller-manager' | 'help' | 'version';

/** The client components `kubepg up` starts next to the apiserver. */
export const CLIENT_COMPONENTS = ['scheduler', 'node-agent', 'controller-manager'] as const;
/** One of CLIENT_COMPONENTS. */
export type ClientComponent = (typeof CLIENT_COMPONENTS)[number];

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
  /** `name=value` server settings for the embedded Postgres, after kubepg's own (--postgres-setting). */
  postgresSettings: string[];
  /** How long watch history stays addressable, in seconds (at least 300). */
  eventWindowSeconds: number;
  /** Largest accepted request body, in bytes. */
  maxRequestBytes: number;
  logLevel: 'debug' | 'info' | 'warn' | 'error';
  /** Kubeconfig the client components use (default <data-dir>/kubeconfig). */
  kubeconfig: string;
  /** Simulated nodes of the node agent. */
  nodes: number;
  /** Whether the scheduler and controller-manager campaign for their Lease before acting. */
  leaderElect: boolean;
  /** Range ClusterIPs are allocated from (--service-cluster-ip-range). */
  serviceClusterIPRange: string;
  /** NodePort range, `30000-32767` (--service-node-port-range). */
  serviceNodePortRange: string;
  /** Address written into the `kubernetes` Endpoints (default: derived from --bind-address). */
  advertiseAddress?: string;
  /** host:port of the controller manager's /metrics ('' for none). */
  metricsAddress: string;
  /** Client components `kubepg up` does not start. */
  disabled: ClientComponent[];
}

/** Flags understood by the CLI, with their help text; the README lists the same. */
export const FLAG_HELP: Record<string, string> = {
  '--data-dir DIR': 'state directory (default .kubepg in the working directory; env KUBEPG_DATA_DIR)',
  '--database-url URL': 'external PostgreSQL; without it `up` runs an embedded one (env DATABASE_URL)',
  '--bind-address ADDR': 'address the apiserver listens on (default 127.0.0.1)',
  '--port N': 'HTTPS port of the apiserver (default 6443)',
  '--postgres-port N': 'port of the embedded PostgreSQL (default 6543)',
  '--postgres-setting NAME=VALUE': 'up: a server setting of the embedded PostgreSQL, e.g. shared_preload_libraries=pg_stat_statements (repeatable)',
  '--event-window SECONDS': 'how long watch history stays addressable (default 300, minimum 300)',
  '--log-level LEVEL': 'debug | info | warn | error (default info)',
  '--service-cluster-ip-range CIDR': 'ClusterIPs are allocated from this IPv4 range (default 10.96.0.0/12)',
  '--service-node-port-range A-B': 'NodePorts are allocated from this range (default 30000-32767)',
  '--advertise-address IP': 'address in the `kubernetes` Endpoints (default: the bind address, or the first non-internal IPv4)',
  '--kubeconfig PATH': 'scheduler, node-agent, controller-manager: how to reach the apiserver (default <data-dir>/kubeconfig)',
  '--nodes N': 'simulated nodes of the node agent (default 3)',
  '--leader-elect BOOL': 'scheduler, controller-manager: campaign for a Lease before acting (default true)',
  '--metrics-address HOST:PORT': 'controller-manager: where /metrics is served (default 127.0.0.1:10257; empty for none)',
  '--disable LIST': `up: comma-separated components not to start (${CLIENT_COMPONENTS.join(', ')})`,
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
  if (!['up', 'apiserver', 'scheduler', 'node-agent', 'controller-manager', 'help', 'version'].includes(command)) {
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
    kubeconfig: '',
    nodes: 3,
    leaderElect: true,
    disabled: [],
    postgresSettings: [],
    metricsAddress: '127.0.0.1:10257',
    serviceClusterIPRange: '10.96.0.0/12',
    serviceNodePortRange: '30000-32767',
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
      case '--postgres-setting':
        cfg.postgresSettings.push(postgresSetting(value()));
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
      case '--kubeconfig':
        cfg.kubeconfig = path.resolve(cwd, value());
        break;
      case '--nodes':
        cfg.nodes = intFlag('--nodes', value(), 0, 100_000);
        break;
      case '--leader-elect': {
        const v = value();
        if (v !== 'true' && v !== 'false') {
          throw new ConfigError(`--leader-elect must be true or false, got "${v}"`);
        }
        cfg.leaderElect = v === 'true';
        break;
      }
      case '--service-cluster-ip-range':
        cfg.serviceClusterIPRange = value();
        break;
      case '--service-node-port-range':
        cfg.serviceNodePortRange = value();
        break;
      case '--advertise-address':
        cfg.advertiseAddress = value();
        break;
      case '--metrics-address':
        cfg.metricsAddress = value();
        break;
      case '--disable':
        cfg.disabled = parseComponents(value());
        break;
      default:
        throw new ConfigError(`unknown flag "${flag}" for "kubepg ${command}"`);
    }
  }
  cfg.kubeconfig ||= path.join(cfg.dataDir, 'kubeconfig');
  if (cfg.postgresSettings.length > 0 && (command !== 'up' || cfg.databaseUrl)) {
    throw new ConfigError('--postgres-setting configures the embedded PostgreSQL of `kubepg up`; an external server is configured on its own');
  }
  if (command === 'apiserver' && !cfg.databaseUrl) {
    throw new ConfigError('kubepg apiserver needs --database-url (or DATABASE_URL)');
  }
  return cfg;
}

/** `name=value` with a Postgres parameter name (letters, digits, `_`, and `.` for extensions' settings). */
function postgresSetting(raw: string): string {
  const eq = raw.indexOf('=');
  const name = raw.slice(0, Math.max(eq, 0));
  if (eq < 1 || !/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) || eq === raw.length - 1) {
    throw new ConfigError(`--postgres-setting must be NAME=VALUE (a PostgreSQL parameter), got "${raw}"`);
  }
  return raw;
}

function parseComponents(raw: string): ClientComponent[] {
  const names = raw.split(',').map((s) => s.trim()).filter(Boolean);
  for (const n of names) {
    if (!(CLIENT_COMPONENTS as readonly string[]).includes(n)) {
      throw new ConfigError(`--disable: unknown component "${n}" (known: ${CLIENT_COMPONENTS.join(', ')})`);
    }
  }
  return names as ClientComponent[];
}
