import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import { Conflict, FieldProblem, TemplateCatalog, TemplateId } from '@touchbase/core';
import { Rule, SettingsService } from '@touchbase/store';

type MessageChannel = 'email' | 'sms';
type TemplateChannel = MessageChannel | 'task';

/** A template a rule may need: the key, the channel, and the rule field that names it. */
export interface TemplateUse {
  key: string;
  channel: TemplateChannel;
  field: string;
  /** Needed only when a customer cannot get the field's own channel and falls back to this one. */
  fallback: boolean;
}

/** What a reference check needs of a rule (a stored rule or a validated input). */
export interface ReferencingRule {
  channel: string;
  templateKey: string;
  params: Record<string, unknown>;
}

/** A problem with one stored rule's references, for `touchbase templates check` and the API. */
export interface RuleReferenceProblem {
  ruleId: number;
  ruleName: string;
  enabled: boolean;
  field: string;
  problem: string;
}

const CHANNEL_NAME: Record<TemplateChannel, string> = { email: 'email', sms: 'SMS', task: 'task' };
const other = (c: MessageChannel): MessageChannel => (c === 'email' ? 'sms' : 'email');
const isMessage = (c: unknown): c is MessageChannel => c === 'email' || c === 'sms';

function usesOf(channel: unknown, key: unknown, field: string): TemplateUse[] {
  if (typeof key !== 'string' || !key) return [];
  if (channel === 'task') return [{ key, channel, field, fallback: false }];
  if (!isMessage(channel)) return [];
  return [
    { key, channel, field, fallback: false },
    // consent fallback (docs/rules-and-scheduler.md#policies): a customer without consent for
    // the rule's channel gets the other message channel, with the same template key
    { key, channel: other(channel), field, fallback: true },
  ];
}

/**
 * Every template a rule may use (docs/rules-and-scheduler.md#template-references): its template
 * key on its channel — for email or SMS also on the other message channel (consent fallback), for
 * a task the task template — and the same for any parameter group that carries its own `channel`
 * and `template_key` (the big purchase's second tier).
 */
export function templateUses(rule: ReferencingRule): TemplateUse[] {
  const uses = usesOf(rule.channel, rule.templateKey, 'templateKey');
  for (const [name, value] of Object.entries(rule.params ?? {}))
    if (value && typeof value === 'object' && !Array.isArray(value)) {
      const g = value as { channel?: unknown; template_key?: unknown };
      uses.push(...usesOf(g.channel, g.template_key, `params.${name}.template_key`));
    }
  return uses;
}

/** A delete or rename refused because rules need the template (409); `rules` names them for a page to show in its language. */
export class TemplateInUse extends Conflict {
  readonly rules: Array<{ id: number; name: string }>;

  constructor(message: string, rules: Rule[]) {
    super(message);
    this.rules = rules.map((r) => ({ id: r.id, name: r.name }));
  }
}

/**
 * Checked references between rules and message templates: a rule may only name templates that
 * exist — each message channel it may use needs the template in the business's default language,
 * which every customer's message falls back to — and a template a rule needs cannot be removed or
 * renamed.
 */
@Injectable()
export class TemplateReferences {
  constructor(
    private readonly catalog: TemplateCatalog,
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
  ) {}

  /** Problems with one rule's references, each naming its field (`templateKey`, `params.second_tier.template_key`). */
  async problems(rule: ReferencingRule, templates?: TemplateId[]): Promise<FieldProblem[]> {
    return this.problemsAgainst(rule, templates ?? (await this.catalog.ids()));
  }

  /** The templates that exist now (to check many rules against one reading). */
  templates(): Promise<TemplateId[]> {
    return this.catalog.ids();
  }

  /** Every stored rule's reference problems (disabled rules included: enabling one would fail). */
  async checkAll(): Promise<RuleReferenceProblem[]> {
    const templates = await this.catalog.ids();
    const out: RuleReferenceProblem[] = [];
    for (const rule of await this.rules.find({ order: { id: 'ASC' } }))
      for (const p of this.problemsAgainst(rule, templates))
        out.push({ ruleId: rule.id, ruleName: rule.name, enabled: rule.enabled, ...p });
    return out;
  }

  /** The message template keys that exist, sorted (the rule form's choices). */
  async keys(): Promise<string[]> {
    return [...new Set((await this.catalog.ids()).map((t) => t.key))].sort();
  }

  /** Deletes a template (or a key's templates) unless a rule still needs it: Conflict naming the rules. */
  async remove(key: string, channel?: string, locale?: string): Promise<number> {
    const all = await this.catalog.ids();
    const gone = (t: TemplateId) =>
      t.key === key && (!channel || t.channel === channel) && (!locale || t.locale === locale);
    const left = all.filter((t) => !gone(t));
    const broken = await this.rulesBrokenBy(all, left);
    if (broken.length)
      throw new TemplateInUse(
        `Template ${[key, channel, locale].filter(Boolean).join('/')} is used by ${describeRules(broken)}; choose another template for ${broken.length === 1 ? 'that rule' : 'those rules'} first`,
        broken,
      );
    return this.catalog.remove(key, channel, locale);
  }

  /** Renames a key unless a rule uses it: Conflict naming the rules (change them to the new key after). */
  async rename(from: string, to: string): Promise<number> {
    const using = (await this.rules.find({ order: { id: 'ASC' } })).filter((r) =>
      templateUses(r).some((u) => u.key === from),
    );
    if (using.length)
      throw new TemplateInUse(
        `Template "${from}" is used by ${describeRules(using)}; a rename would break ${using.length === 1 ? 'it' : 'them'}. Copy the template to "${to}", point the rules at it, then delete "${from}"`,
        using,
      );
    return this.catalog.rename(from, to);
  }

  /** Rules fine with `before` that `after` would break. */
  private async rulesBrokenBy(before: TemplateId[], after: TemplateId[]): Promise<Rule[]> {
    const rules = await this.rules.find({ order: { id: 'ASC' } });
    return rules.filter(
      (r) => this.problemsAgainst(r, after).length > this.problemsAgainst(r, before).length,
    );
  }

  private problemsAgainst(rule: ReferencingRule, templates: TemplateId[]): FieldProblem[] {
    const lang = this.ownerSettings.get().defaultLocale;
    const problems: FieldProblem[] = [];
    const seen = new Set<string>();
    for (const use of templateUses(rule)) {
      const ofKey = templates.filter((t) => t.key === use.key);
      if (!ofKey.length) {
        if (seen.has(`${use.field}|unknown`)) continue;
        seen.add(`${use.field}|unknown`);
        const keys = [...new Set(templates.map((t) => t.key))].sort();
        problems.push({
          field: use.field,
          problem: `no template "${use.key}" exists${keys.length ? ` (choose one of ${keys.join(', ')})` : ''}`,
        });
        continue;
      }
      if (ofKey.some((t) => t.channel === use.channel && t.locale === lang)) continue;
      problems.push({
        field: use.field,
        problem:
          `template "${use.key}" has no ${CHANNEL_NAME[use.channel]} version in ${lang} (the business's default language, which every customer's message falls back to)` +
          (use.fallback
            ? `; it is needed when a customer cannot get ${use.channel === 'sms' ? 'email' : 'SMS'} and falls back to ${use.channel === 'sms' ? 'SMS' : 'email'}`
            : ''),
      });
    }
    return problems;
  }
}

function describeRules(rules: Rule[]): string {
  return rules.map((r) => `rule #${r.id} "${r.name}"`).join(', ');
}
