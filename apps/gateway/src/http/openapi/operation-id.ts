/**
 * A route's operationId, from its controller and handler names, for code generated from the document:
 * `SubscriptionsController.create` is `createSubscription`, `.list` is `listSubscriptions`, and a sub-list
 * `CustomersController.invoicesOf` is `listCustomerInvoices`. A route whose name says something else sets its
 * own in @ApiOperation.
 */
export function operationId(controllerKey: string, methodKey: string): string {
  const plural = controllerKey.replace(/Controller$/, '');
  const singular = plural.replace(/ies$/, 'y').replace(/s$/, '');
  if (methodKey === 'list') return `list${plural}`;
  const subList = /^(\w+)Of$/.exec(methodKey);
  if (subList) return `list${singular}${capitalize(subList[1])}`;
  return `${methodKey}${singular}`;
}

const capitalize = (word: string) => word.charAt(0).toUpperCase() + word.slice(1);
