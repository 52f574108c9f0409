import { Global, Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '#lb/config';
import { KeyRing } from './key-ring';
import { SecretBox } from './secret-box';
import { SecretStore } from './secret-store';

@Global()
@Module({
  providers: [
    {
      provide: SecretBox,
      useFactory: (config: AppConfig) =>
        new SecretBox(KeyRing.parse(config.SECRETS_KEYS, config.SECRETS_ACTIVE_KEY_ID)),
      inject: [APP_CONFIG],
    },
    { provide: SecretStore, useFactory: (box: SecretBox) => new SecretStore(box), inject: [SecretBox] },
  ],
  exports: [SecretBox, SecretStore],
})
export class CryptoModule {}
