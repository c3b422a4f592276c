import 'express-session';
import type { OidcTransaction } from '../oidc/oidc-client';

declare module 'express-session' {
  interface SessionData {
    /** the signed-in person */
    personId?: string;
    /** epoch ms of the sign-in (absolute time-out) and of the last request (idle time-out), by the injected clock */
    signedInAt?: number;
    seenAt?: number;
    /** sent back as X-CSRF-Token on every state-changing request made with the cookie */
    csrfToken?: string;
    /** signed in, but a role held needs a second factor not set up yet: only /me and the enrolment are open */
    totpEnrolmentRequired?: boolean;
    /** single sign-on in progress for this browser */
    oidc?: OidcTransaction;
  }
}

export const SESSION_COOKIE = 'dle.sid';
