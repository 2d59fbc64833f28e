import { API_KEY_PERMISSIONS, ApiKeyPermissions } from '@billy/persistence';
import { OptionalText, OptionalWord } from '../http/input/params';

export class CreateApiKeyParams {
  @OptionalText(128, 'A label for your own use')
  name?: string;

  @OptionalWord(API_KEY_PERMISSIONS, '`all` (the default) or `read`: a read key may only GET')
  permissions?: ApiKeyPermissions;
}
