import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import type { BillyConfig } from '@billy/config';
import { apiKeyMatches, hashApiKey } from '@billy/crypto';
import { BILLY_CONFIG } from '@billy/platform';
import { unauthenticated } from '../http/api-error';

export const SIGNUP_TOKEN_HEADER = 'Billy-Signup-Token';

/** With BILLY_SIGNUP_TOKEN set, sign-up is closed to anyone who does not send that token. */
@Injectable()
export class SignupTokenGuard implements CanActivate {
  /** Compared by hash in constant time, so the answer's timing tells nothing of the token. */
  private readonly tokenHash: string | null;

  constructor(@Inject(BILLY_CONFIG) config: BillyConfig) {
    this.tokenHash = config.signup.token === null ? null : hashApiKey(config.signup.token);
  }

  canActivate(context: ExecutionContext): boolean {
    if (this.tokenHash === null) return true;
    const presented = context.switchToHttp().getRequest<FastifyRequest>().headers[SIGNUP_TOKEN_HEADER.toLowerCase()];
    if (typeof presented === 'string' && apiKeyMatches(presented, this.tokenHash)) return true;
    throw unauthenticated(`Sign-up is closed on this server: send the operator's token in ${SIGNUP_TOKEN_HEADER}`);
  }
}
