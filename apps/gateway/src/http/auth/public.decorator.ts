import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'billy:isPublic';

/** Marks a route that needs no API key. */
export const Public = () => SetMetadata(IS_PUBLIC, true);
