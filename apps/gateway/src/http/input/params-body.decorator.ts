import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes } from '@nestjs/swagger';

/** Documents a request DTO read with @Params() as a form or JSON body. */
export function ApiParams(type: Type<unknown>) {
  return applyDecorators(ApiConsumes('application/x-www-form-urlencoded', 'application/json'), ApiBody({ type }));
}
