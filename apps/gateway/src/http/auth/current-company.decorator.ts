import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { ApiKey, Company } from '@billy/persistence';

export interface AuthenticatedRequest {
  company?: Company;
  /** The key that authenticated the request: set whenever `company` is. */
  apiKey?: ApiKey;
}

/** The company whose API key authenticated the request. */
export const CurrentCompany = createParamDecorator((_: unknown, context: ExecutionContext): Company => {
  const company = context.switchToHttp().getRequest<AuthenticatedRequest>().company;
  if (!company) throw new Error('CurrentCompany used on a public route');
  return company;
});
