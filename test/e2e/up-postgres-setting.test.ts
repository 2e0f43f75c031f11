// `kubepg up` with its embedded PostgreSQL (no --database-url) and --postgres-setting: the
// settings reach the server after kubepg's own, a later one overriding a default.
import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { waitFor } from 'test/support/apiserver';
import { freePort } from 'test/support/global-setup';

const MAIN_JS = path.resolve(__dirname, '..', '..', 'dist', 'src', 'main.js');

describe('kubepg up --postgres-setting', () => {
  let dataDir: string;
  let child: ChildProcess | undefined;
  let out = '';

  beforeAll(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'kubepg-up-pg-'));
  });
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child!.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts the embedded server with the extra settings', async () => {
    const pgPort = await freePort();
    const args = [
      'up',
      '--data-dir',
      dataDir,
      '--port',
      String(await freePort()),
      '--postgres-port',
      String(pgPort),
      '--metrics-address=',
      '--disable',
      'scheduler,node-agent,controller-manager',
    ];
    args.push('--postgres-setting', 'work_mem=7MB', '--postgres-setting=shared_buffers=64MB');
    child = spawn(process.execPath, [MAIN_JS, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, DATABASE_URL: '' } });
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    await waitFor(() => out.includes('kubepg is ready') || child!.exitCode !== null, 'kubepg up to be ready', 90_000);
    expect(child.exitCode).toBeNull();
    const password = fs.readFileSync(path.join(dataDir, 'postgres.password'), 'utf8').trim();
    const client = new Client({ host: '127.0.0.1', port: pgPort, user: 'postgres', password, database: 'kubepg' });
    await client.connect();
    try {
      const show = async (name: string) => (await client.query<Record<string, string>>(`SHOW ${name}`)).rows[0][name];
      expect(await show('work_mem')).toBe('7MB');
      // kubepg's own default is 256MB; the later -c wins.
      expect(await show('shared_buffers')).toBe('64MB');
      expect(await show('synchronous_commit')).toBe('on');
    } finally {
      await client.end();
    }
  }, 120_000);
});
