// Unit tests of `eddy serve` settings: flags beat EDDY_* variables beat defaults, and bad values
// are rejected with a message naming their source.
import { describe, expect, it } from 'vitest';
import { SettingsError, resolveServeSettings } from '../../src/cli/settings.js';

describe('resolveServeSettings', () => {
  it('uses the defaults', () => {
    expect(resolveServeSettings({}, {}, '/srv')).toEqual({
      host: '127.0.0.1',
      port: 6875,
      httpPort: 6876,
      dataDir: '/srv/eddy-data',
      logLevel: 'info',
    });
  });

  it('takes EDDY_* variables over defaults and flags over variables', () => {
    const env = {
      EDDY_HOST: '0.0.0.0',
      EDDY_PORT: '7000',
      EDDY_HTTP_PORT: '7001',
      EDDY_DATA_DIR: '/var/lib/eddy',
      EDDY_LOG_LEVEL: 'debug',
    };
    expect(resolveServeSettings({}, env, '/srv')).toEqual({
      host: '0.0.0.0',
      port: 7000,
      httpPort: 7001,
      dataDir: '/var/lib/eddy',
      logLevel: 'debug',
    });
    expect(
      resolveServeSettings({ port: '0', dataDir: 'd', logLevel: 'warn' }, env, '/srv'),
    ).toEqual({
      host: '0.0.0.0',
      port: 0,
      httpPort: 7001,
      dataDir: '/srv/d',
      logLevel: 'warn',
    });
  });

  it('ignores empty variables', () => {
    expect(resolveServeSettings({}, { EDDY_PORT: '' }, '/').port).toBe(6875);
  });

  it.each([
    [{ port: '65536' }, {}, 'invalid port "65536" from --port'],
    [{ port: '-1' }, {}, 'invalid port "-1" from --port'],
    [{}, { EDDY_HTTP_PORT: 'http' }, 'invalid port "http" from EDDY_HTTP_PORT'],
    [{ logLevel: 'loud' }, {}, 'invalid log level "loud" from --log-level'],
  ])('rejects %j %j', (flags, env, message) => {
    expect(() => resolveServeSettings(flags, env)).toThrow(SettingsError);
    expect(() => resolveServeSettings(flags, env)).toThrow(message);
  });
});
