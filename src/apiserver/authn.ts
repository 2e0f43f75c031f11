import { timingSafeEqual } from 'node:crypto';
import { unauthorized, type StatusError } from 'src/apiserver/status';

/** The identity a request is made as. */
export interface UserInfo {
  username: string;
  uid: string;
  groups: string[];
}

/** The admin user behind the generated token: a member of system:masters, as kubeadm's admin. */
export const ADMIN_USER: UserInfo = { username: 'kubepg-admin', uid: 'kubepg-admin', groups: ['system:masters', 'system:authenticated'] };

/**
 * Bearer-token authentication. A request without a valid token is rejected with 401; the
 * health and version endpoints are public (checked by the router).
 */
export class Authenticator {
  private readonly token: Buffer;

  constructor(adminToken: string) {
    this.token = Buffer.from(adminToken);
  }

  /** The user for an Authorization header, or undefined when it does not authenticate. */
  authenticate(header: string | undefined): UserInfo | undefined {
    if (!header || !header.startsWith('Bearer ')) {
      return undefined;
    }
    const presented = Buffer.from(header.slice(7).trim());
    if (presented.length === this.token.length && timingSafeEqual(presented, this.token)) {
      return ADMIN_USER;
    }
    return undefined;
  }

  /** The 401 Status upstream sends. */
  unauthorized(): StatusError {
    return unauthorized();
  }
}
