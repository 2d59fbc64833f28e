import { SetMetadata } from '@nestjs/common';

export const FULL_ACCESS = 'billy:fullAccess';

/** Marks a route a `read` key may not call even with GET: managing the keys themselves. */
export const FullAccess = () => SetMetadata(FULL_ACCESS, true);
