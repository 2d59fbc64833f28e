import { ValidationError, ValidationPipe } from '@nestjs/common';
import { validationError } from '../api-error';

/** Flattens class-validator errors into one readable sentence naming each parameter. */
export function describeValidationErrors(errors: ValidationError[], path = ''): string[] {
  return errors.flatMap((error) => {
    const name = path ? `${path}.${error.property}` : error.property;
    const own = Object.values(error.constraints ?? {}).map((message) => `${name}: ${message}`);
    return [...own, ...describeValidationErrors(error.children ?? [], name)];
  });
}

export function createValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    // Billy ignores unknown parameters (billy.md §2.9): strip them, do not reject.
    whitelist: true,
    forbidNonWhitelisted: false,
    validateCustomDecorators: true,
    exceptionFactory: (errors) =>
      validationError(`There are errors in the following parameters: ${describeValidationErrors(errors).join('; ')}`),
  });
}
