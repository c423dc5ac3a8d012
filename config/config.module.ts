import { DynamicModule, Global, Module } from '@nestjs/common';
import { AppConfig, loadConfig } from './app-config';

/** Nest injection token for the one AppConfig object: `@Inject(APP_CONFIG) config: AppConfig`. */
export const APP_CONFIG = 'APP_CONFIG';

@Global()
@Module({})
export class AppConfigModule {
  /** Pass a ready config (tests, CLI) or let it load and validate from the environment. */
  static forRoot(config?: AppConfig): DynamicModule {
    return {
      module: AppConfigModule,
      providers: [{ provide: APP_CONFIG, useFactory: () => config ?? loadConfig() }],
      exports: [APP_CONFIG],
    };
  }
}
