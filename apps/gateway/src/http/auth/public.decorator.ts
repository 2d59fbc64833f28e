import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'billy:isPublic';

/** Marks the route in the OpenAPI document, which then requires no security of it (http/openapi). */
export const PUBLIC_EXTENSION = 'x-billy-public';

/** Marks a route (or every route of a controller) that needs no API key. */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
