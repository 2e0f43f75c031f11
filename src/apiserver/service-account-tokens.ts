import { createHash, createPrivateKey, createPublicKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';

/** The issuer and default audience kube-apiserver uses in a default cluster. */
export const DEFAULT_ISSUER = 'https://kubernetes.default.svc.cluster.local';

/** Default and bounds of TokenRequest.spec.expirationSeconds (upstream: 1h default, 10m minimum). */
export const DEFAULT_EXPIRATION_SECONDS = 3600;
export const MIN_EXPIRATION_SECONDS = 600;

/** The claims kubepg puts in (and reads from) a service-account token. */
export interface ServiceAccountClaims {
  iss: string;
  sub: string;
  aud: string[];
  exp: number;
  iat: number;
  nbf: number;
  jti: string;
  'kubernetes.io': { namespace: string; serviceaccount: { name: string; uid: string } };
}

function b64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * Signs and verifies service-account JWTs (RS256) with the key made on first start. RS256 over
 * node:crypto is a dozen lines, so no JWT library is pulled in for it.
 * Semantics: kubernetes pkg/serviceaccount/claims.go (Claims) and jwt.go.
 */
export class ServiceAccountTokens {
  private readonly privateKey: KeyObject;
  private readonly publicKey: KeyObject;
  private readonly keyId: string;

  constructor(privateKeyPem: string, publicKeyPem: string) {
    this.privateKey = createPrivateKey(privateKeyPem);
    this.publicKey = createPublicKey(publicKeyPem);
    this.keyId = b64url(createHash('sha256').update(this.publicKey.export({ type: 'spki', format: 'der' })).digest());
  }

  /** Issues a token for namespace/name (uid) valid for `expirationSeconds` from `now`. */
  issue(sa: { namespace: string; name: string; uid: string }, audiences: string[], expirationSeconds: number, now: Date): { token: string; expiration: Date } {
    const iat = Math.floor(now.getTime() / 1000);
    const claims: ServiceAccountClaims = {
      iss: DEFAULT_ISSUER,
      sub: `system:serviceaccount:${sa.namespace}:${sa.name}`,
      aud: audiences,
      exp: iat + expirationSeconds,
      iat,
      nbf: iat,
      jti: randomUUID(),
      'kubernetes.io': { namespace: sa.namespace, serviceaccount: { name: sa.name, uid: sa.uid } },
    };
    const head = b64url(JSON.stringify({ alg: 'RS256', kid: this.keyId }));
    const body = b64url(JSON.stringify(claims));
    const signature = sign('RSA-SHA256', Buffer.from(`${head}.${body}`), this.privateKey).toString('base64url');
    return { token: `${head}.${body}.${signature}`, expiration: new Date((iat + expirationSeconds) * 1000) };
  }

  /** The claims of a token this server signed that is current and meant for `audience`; undefined otherwise. */
  verify(token: string, audience: string, now: Date): ServiceAccountClaims | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) {
      return undefined;
    }
    try {
      const header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8')) as { alg?: string };
      if (header.alg !== 'RS256' || !verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), this.publicKey, Buffer.from(parts[2], 'base64url'))) {
        return undefined;
      }
      const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as ServiceAccountClaims;
      const t = now.getTime() / 1000;
      if (claims.iss !== DEFAULT_ISSUER || !Array.isArray(claims.aud) || !claims.aud.includes(audience) || t >= claims.exp || t + 60 < claims.nbf || !claims['kubernetes.io']?.serviceaccount) {
        return undefined;
      }
      return claims;
    } catch {
      return undefined;
    }
  }
}
