// Semantics: k8s.io/apimachinery/pkg/version/types.go Info, k8s.io/component-base/compatibility
// effectiveVersion.Info and k8s.io/apiserver pkg/server/routes/version.go (WriteRawJSON).

/** version.Info as `GET /version` returns it; key order is the Go struct's. */
export interface VersionInfo {
  major: string;
  minor: string;
  emulationMajor?: string;
  emulationMinor?: string;
  minCompatibilityMajor?: string;
  minCompatibilityMinor?: string;
  gitVersion: string;
  gitCommit: string;
  gitTreeState: string;
  buildDate: string;
  goVersion: string;
  compiler: string;
  platform: string;
}

/** What varies between builds; everything else is fixed to the Kubernetes release kubepg mirrors. */
export interface VersionOptions {
  gitCommit?: string;
  buildDate?: string;
  /** `os/arch` as Go spells them (`linux/amd64`, `darwin/arm64`). */
  platform?: string;
  /** The Go version a real 1.35.0 kube-apiserver reports; kept configurable since nothing depends on it. */
  goVersion?: string;
}

/** The Kubernetes minor release kubepg answers as. kubectl warns when its own minor is more than one away. */
export const KUBE_MAJOR = 1;
export const KUBE_MINOR = 35;

/**
 * The /version document of a 1.35 kube-apiserver. gitVersion carries `+kubepg` as semver build
 * metadata (as k3s does with `+k3s1`): clients and helm's semver constraints ignore build metadata,
 * whereas a `-kubepg` pre-release would rank below v1.35.0 and fail `>=1.35.0` checks.
 * emulation and minimum compatibility versions are filled as 1.33+ servers do (binary, binary-1).
 */
export function versionInfo(opts: VersionOptions = {}): VersionInfo {
  return {
    major: String(KUBE_MAJOR),
    minor: String(KUBE_MINOR),
    emulationMajor: String(KUBE_MAJOR),
    emulationMinor: String(KUBE_MINOR),
    minCompatibilityMajor: String(KUBE_MAJOR),
    minCompatibilityMinor: String(KUBE_MINOR - 1),
    gitVersion: `v${KUBE_MAJOR}.${KUBE_MINOR}.0+kubepg`,
    gitCommit: opts.gitCommit ?? '0000000000000000000000000000000000000000',
    gitTreeState: 'clean',
    buildDate: opts.buildDate ?? '1970-01-01T00:00:00Z',
    goVersion: opts.goVersion ?? 'go1.25.5',
    compiler: 'gc',
    platform: opts.platform ?? 'linux/amd64',
  };
}

/** The exact /version response body: two-space indented JSON, no trailing newline (Content-Type application/json). */
export function versionBody(info: VersionInfo): string {
  return JSON.stringify(info, null, 2);
}
