import { ConfigError, parseConfig } from 'src/config/config';

describe('parseConfig', () => {
  const env = {};

  it('has no embedded Postgres settings unless asked', () => {
    expect(parseConfig(['up'], env, '/w').postgresSettings).toEqual([]);
  });

  it('collects --postgres-setting NAME=VALUE in order, in both flag forms', () => {
    const cfg = parseConfig(
      [
        'up',
        '--postgres-setting',
        'shared_preload_libraries=pg_stat_statements',
        '--postgres-setting=pg_stat_statements.track=all',
        '--postgres-setting',
        'work_mem=8MB',
      ],
      env,
      '/w',
    );
    expect(cfg.postgresSettings).toEqual(['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all', 'work_mem=8MB']);
  });

  it.each(['work_mem', '=8MB', 'work_mem=', 'bad name=1', "x';drop=1"])('refuses --postgres-setting %p with the expected form', (raw) => {
    expect(() => parseConfig(['up', '--postgres-setting', raw], env, '/w')).toThrow(
      new ConfigError(`--postgres-setting must be NAME=VALUE (a PostgreSQL parameter), got "${raw}"`),
    );
  });

  it('refuses --postgres-setting where there is no embedded Postgres', () => {
    const message = /configures the embedded PostgreSQL of `kubepg up`/;
    expect(() => parseConfig(['up', '--database-url', 'postgres://x/y', '--postgres-setting', 'work_mem=8MB'], env, '/w')).toThrow(message);
    expect(() => parseConfig(['up', '--postgres-setting', 'work_mem=8MB'], { DATABASE_URL: 'postgres://x/y' }, '/w')).toThrow(message);
    expect(() => parseConfig(['apiserver', '--database-url', 'postgres://x/y', '--postgres-setting', 'work_mem=8MB'], env, '/w')).toThrow(message);
  });
});
