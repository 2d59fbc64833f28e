import { OptionalText } from '../http/input/params';
import { PageParams } from '../http/pagination';

export class CreateCustomerParams {
  @OptionalText(512, "The customer's record at the processor; created there when absent")
  processor_uri?: string;

  @OptionalText(64, 'A test clock whose time this customer lives in')
  test_clock_guid?: string;
}

export class ListCustomersParams extends PageParams {
  @OptionalText(512, 'Only customers with exactly this processor_uri')
  processor_uri?: string;
}
