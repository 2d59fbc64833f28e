import { OptionalText } from '../http/input/params';
import { RequiredTimestamp } from '../http/input/timestamp-param';

export class CreateTestClockParams {
  @RequiredTimestamp()
  frozen_time: Date;

  @OptionalText(128, 'A label for your own use')
  name?: string;
}

export class AdvanceTestClockParams {
  @RequiredTimestamp()
  frozen_time: Date;
}
