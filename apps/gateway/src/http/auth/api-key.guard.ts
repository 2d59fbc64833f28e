import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { hashApiKey } from '@billy/crypto';
import { unauthenticated } from '../api-error';
import { ApiKeyLookup } from './api-key-lookup';
import { apiKeyFromAuthorization } from './basic-credentials';
import { AuthenticatedRequest } from './current-company.decorator';
import { IS_PUBLIC } from './public.decorator';

/**
 * Checks the API key before anything else, so that without a valid key every
 * protected route answers 401 whether or not its GUID exists (extensions.md).
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly apiKeys: ApiKeyLookup,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const isPublic = this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, [context.getHandler(), context.getClass()]);
    if (isPublic) return true;

    const request = context.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const apiKey = apiKeyFromAuthorization(request.headers.authorization);
    if (!apiKey) {
      throw unauthenticated('An API key is required: HTTP Basic auth with the key as user name and an empty password');
    }
    // Lookup by hash: the key has 256 random bits, so an equality match on its
    // SHA-256 reveals nothing a timing attack could use, and no second hash is needed.
    const company = await this.apiKeys.find(hashApiKey(apiKey));
    if (!company) {
      throw unauthenticated('The API key is not valid');
    }
    request.company = company;
    return true;
  }
}
