import { timingSafeEqual } from 'node:crypto';
import { DEFAULT_ISSUER, type ServiceAccountTokens } from 'src/apiserver/service-account-tokens';
import { unauthorized, type StatusError } from 'src/apiserver/status';

/** The identity a request is made as. */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

/** The admin user behind the generated token: a member of system:masters, as kubeadm's admin. */
export const ADMIN_USER: UserInfo = { username: 'kubepg-admin', groups: ['system:masters', 'system:authenticated'] };

/** Finds a service account's uid (to reject tokens of deleted and re-created accounts). */
export type ServiceAccountLookup = (namespace: string, name: string) => { uid?: string } | undefined;

/**
 * Bearer-token authentication: the admin token, or a service-account JWT this server signed for
 * an account that still exists. A request without a valid token is rejected with 401; the
 * health and version endpoints are public (checked by the router).
 * Semantics: k8s.io/apiserver pkg/authentication (token file + service account authenticators).
 */
export class Authenticator {
  private readonly token: Buffer;

  constructor(
    adminToken: string,
    private readonly tokens: ServiceAccountTokens,
    private readonly lookup: ServiceAccountLookup,
  ) {
    this.token = Buffer.from(adminToken);
  }

  /** The user for an Authorization header, or undefined when it does not authenticate. */
  authenticate(header: string | undefined): UserInfo | undefined {
    if (!header || !header.startsWith('Bearer ')) {
      return undefined;
    }
    const bearer = header.slice(7).trim();
    const presented = Buffer.from(bearer);
    if (presented.length === this.token.length && timingSafeEqual(presented, this.token)) {
      return ADMIN_USER;
    }
    const claims = this.tokens.verify(bearer, DEFAULT_ISSUER, new Date());
    if (!claims) {
      return undefined;
    }
    const { namespace, serviceaccount } = claims['kubernetes.io'];
    const sa = this.lookup(namespace, serviceaccount.name);
    if (!sa || sa.uid !== serviceaccount.uid) {
      return undefined;
    }
    return {
      username: `system:serviceaccount:${namespace}:${serviceaccount.name}`,
      uid: serviceaccount.uid,
      groups: ['system:serviceaccounts', `system:serviceaccounts:${namespace}`, 'system:authenticated'],
      extra: { 'authentication.kubernetes.io/credential-id': [`JTI=${claims.jti}`] },
    };
  }

  /** The 401 Status upstream sends. */
  unauthorized(): StatusError {
    return unauthorized();
  }
}
