import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { hashApiKey } from '@billy/crypto';
import { forbidden, unauthenticated } from '../api-error';
import { ApiKeyLookup } from './api-key-lookup';
import { apiKeyFromAuthorization } from './basic-credentials';
import { AuthenticatedRequest } from './current-company.decorator';
import { FULL_ACCESS } from './full-access.decorator';
import { IS_PUBLIC } from './public.decorator';

/** What a `read` key may send: Fastify answers HEAD from the GET route. */
const READ_METHODS = new Set(['GET', 'HEAD']);

/**
 * Checks the API key before anything else, so that without a valid key every
 * protected route answers 401 whether or not its GUID exists (extensions.md).
 * Then a `read` key gets 403 for anything but a GET, and for the routes that manage keys.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const apiKey = apiKeyFromAuthorization(request.headers.authorization);
    if (!apiKey) {
      throw unauthenticated('An API key is required: HTTP Basic auth with the key as user name and an empty password');
    }
    // Lookup by hash: the key has 256 random bits, so an equality match on its
    // SHA-256 reveals nothing a timing attack could use, and no second hash is needed.
    const credentials = await this.apiKeys.find(hashApiKey(apiKey));
    if (!credentials) {
      throw unauthenticated('The API key is not valid');
    }
    // Set before the permission check, so the audit log records a refused write too.
    request.company = credentials.company;
    request.apiKey = credentials.apiKey;
    if (credentials.apiKey.permissions === 'read') {
      if (this.reflector.getAllAndOverride<boolean>(FULL_ACCESS, targets)) {
        throw forbidden('A read API key cannot manage API keys: use a key with all permissions');
      }
      if (!READ_METHODS.has(request.method)) {
        throw forbidden(`A read API key may only GET; ${request.method} needs a key with all permissions`);
      }
    }
    return true;
  }
}
