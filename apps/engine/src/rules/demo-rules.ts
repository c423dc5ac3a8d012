import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { RulesService } from '@touchbase/rules';
import { Rule } from '@touchbase/store';

/** Where the example rules live, in the source tree or next to the build. */
export function exampleRulesFile(): string {
  const candidates = [
    path.resolve('config/rules/example.yaml'),
    path.resolve(__dirname, '../../../../config/rules/example.yaml'),
  ];
  return candidates.find((f) => fs.existsSync(f)) ?? candidates[0];
}

/** Embedded default with demo data: on the first start (no rules yet) load the example rules. */
@Injectable()
export class DemoRules implements OnApplicationBootstrap {
  private readonly logger = new Logger('DemoRules');

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    private readonly service: RulesService,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.demoData || (await this.rules.count()) > 0) return;
    const file = exampleRulesFile();
    if (!fs.existsSync(file)) return;
    const result = await this.service.loadYamlFile(file);
    this.logger.log(
      `Loaded ${result.created.length} example rule(s) from ${path.relative(process.cwd(), file)}`,
    );
  }
}
