import { ValidateBy, ValidationOptions } from 'class-validator';
import { isEmailAddress } from '@touchbase/core';

/**
 * DTO decorators for the field checks libs/core owns, so a request DTO refuses exactly what the
 * services refuse (see docs/architecture.md#errors-and-validation).
 */
export function IsEmailAddress(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isEmailAddress',
      validator: {
        validate: (value: unknown) => isEmailAddress(value),
        defaultMessage: () => 'must be an email address',
      },
    },
    options,
  );
}
