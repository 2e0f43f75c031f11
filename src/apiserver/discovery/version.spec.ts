import { versionBody, versionInfo } from 'src/apiserver/discovery/version';

describe('versionInfo', () => {
  it('reports 1.35 with every field kube-apiserver 1.35 sends, in its order', () => {
    const info = versionInfo({ gitCommit: 'abc', buildDate: '2026-01-02T03:04:05Z' });
    expect(Object.keys(info)).toEqual([
      'major',
      'minor',
      'emulationMajor',
      'emulationMinor',
      'minCompatibilityMajor',
      'minCompatibilityMinor',
      'gitVersion',
      'gitCommit',
      'gitTreeState',
      'buildDate',
      'goVersion',
      'compiler',
      'platform',
    ]);
    expect(info).toMatchObject({
      major: '1',
      minor: '35',
      emulationMinor: '35',
      minCompatibilityMinor: '34',
      gitCommit: 'abc',
      gitTreeState: 'clean',
      buildDate: '2026-01-02T03:04:05Z',
      compiler: 'gc',
      platform: 'linux/amd64',
    });
  });

  it('uses a gitVersion that is valid semver with build metadata, not a pre-release', () => {
    const { gitVersion } = versionInfo();
    // The semver 2.0 grammar kubectl's and helm's parsers implement, without a pre-release part.
    expect(gitVersion).toMatch(/^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)\+[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*$/);
    expect(gitVersion.startsWith(`v${versionInfo().major}.${versionInfo().minor}.`)).toBe(true);
  });

  it('serializes as two-space indented JSON like WriteRawJSON', () => {
    const body = versionBody(versionInfo());
    expect(body.startsWith('{\n  "major": "1",\n  "minor": "35",\n')).toBe(true);
    expect(body.endsWith('\n}')).toBe(true);
  });
});
