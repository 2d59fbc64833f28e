import { applyDecorators } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import type { ApiSchemaName } from '@billy/api-shapes';

export const schemaRef = (name: string) => ({ $ref: `#/components/schemas/${name}` });

/** The name of the list component of `item`, which the document adds for every list that refers to it. */
export const listSchemaName = (item: ApiSchemaName) => `${item}List`;

/** Documents a route's 200 as one of the response schemas of libs/api-shapes. */
export const ApiReturns = (name: ApiSchemaName, description = '') =>
  applyDecorators(ApiOkResponse({ description, schema: schemaRef(name) }));

/** Documents a list route's 200: a page of `item`. */
export const ApiReturnsPage = (item: ApiSchemaName) =>
  applyDecorators(
    ApiOkResponse({ description: 'One page, in the order the summary says', schema: schemaRef(listSchemaName(item)) }),
  );
