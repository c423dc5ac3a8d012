import * as fs from 'node:fs';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { Clock, FieldProblem, NotFound, ValidationFailed } from '@touchbase/core';
import { type AudienceFilter, Rule } from '@touchbase/store';
import { RuleKindRegistry } from './kinds/rule-kind.registry';
import { camelKeys, RuleInput, ruleInputOf, validateRule } from './rule-input';
import { TemplateReferences } from './template-references';
import { checkAudienceTiers } from './tier-references';

export interface LoadResult {
  created: string[];
  updated: string[];
}

/** Rules in the database: create, edit, enable/disable, delete, list, and load from YAML. */
@Injectable()
export class RulesService {
  constructor(
    @InjectRepository(Rule) private readonly rules: Repository<Rule>,
    private readonly ds: DataSource,
    private readonly kinds: RuleKindRegistry,
    private readonly clock: Clock,
    private readonly references: TemplateReferences,
  ) {}

  /** Service tiers the audience names must exist (a typo would reach nobody); stored in their own spelling. */
  private async checkTiers(rule: { audience: AudienceFilter }, problems: FieldProblem[]): Promise<void> {
    const checked = await checkAudienceTiers(this.ds.manager, rule.audience);
    problems.push(...checked.problems);
    rule.audience = checked.audience;
  }

  list(): Promise<Rule[]> {
    return this.rules.find({ order: { priority: 'DESC', id: 'ASC' } });
  }

  async get(id: number): Promise<Rule> {
    const rule = await this.rules.findOneBy({ id });
    if (!rule) throw new NotFound(`No rule with id ${id}`);
    return rule;
  }

  async create(input: RuleInput): Promise<Rule> {
    const { rule, problems } = validateRule(input, this.kinds);
    await this.checkTiers(rule, problems);
    if (await this.rules.existsBy({ name: rule.name }))
      problems.push({ field: 'name', problem: `a rule named "${rule.name}" already exists` });
    if (!problems.length) problems.push(...(await this.references.problems(rule)));
    if (problems.length) throw new ValidationFailed(problems);
    const now = this.clock.now();
    return this.rules.save(this.rules.create({ ...rule, createdAt: now, updatedAt: now }));
  }

  /**
   * A change is checked as the whole rule it makes, so params stay valid for the kind. Template
   * references are checked when the change touches them or switches the rule on, so a rule whose
   * template went missing can still be switched off (docs/rules-and-scheduler.md#template-references).
   */
  async update(id: number, change: RuleInput): Promise<Rule> {
    const existing = await this.get(id);
    const merged: RuleInput = { ...ruleInputOf(existing), ...stripUndefined(change) };
    const { rule, problems } = validateRule(merged, this.kinds);
    await this.checkTiers(rule, problems);
    if (rule.name !== existing.name && (await this.rules.existsBy({ name: rule.name })))
      problems.push({ field: 'name', problem: `a rule named "${rule.name}" already exists` });
    const touchesReferences =
      change.templateKey !== undefined ||
      change.channel !== undefined ||
      change.params !== undefined ||
      (change.enabled === true && !existing.enabled);
    if (!problems.length && touchesReferences) problems.push(...(await this.references.problems(rule)));
    if (problems.length) throw new ValidationFailed(problems);
    await this.rules.update({ id }, { ...rule, updatedAt: this.clock.now() } as never);
    return this.get(id);
  }

  setEnabled(id: number, enabled: boolean): Promise<Rule> {
    return this.update(id, { enabled });
  }

  /** The ledger keeps its touches (history); the rule stops being evaluated. */
  async remove(id: number): Promise<void> {
    await this.get(id);
    await this.rules.delete({ id });
  }

  /** Reads a YAML file `rules: [ … ]` (or a plain list) and upserts by name: all or nothing. */
  async loadYamlFile(file: string): Promise<LoadResult> {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (e) {
      throw new ValidationFailed([
        { field: 'file', problem: `cannot read ${file}: ${(e as Error).message}` },
      ]);
    }
    return this.loadYaml(text);
  }

  async loadYaml(text: string): Promise<LoadResult> {
    let doc: unknown;
    try {
      doc = parseYaml(text);
    } catch (e) {
      throw new ValidationFailed([{ field: 'file', problem: `not valid YAML: ${(e as Error).message}` }]);
    }
    const list = Array.isArray(doc) ? doc : (doc as { rules?: unknown })?.rules;
    if (!Array.isArray(list))
      throw new ValidationFailed([{ field: 'rules', problem: 'expected a list of rules under `rules:`' }]);
    const problems: FieldProblem[] = [];
    const templates = await this.references.templates();
    const labels: string[] = [];
    const valid = list.map((raw, i) => {
      const label = `rules[${i}]${raw && typeof raw === 'object' && typeof (raw as { name?: unknown }).name === 'string' ? ` (${(raw as { name: string }).name})` : ''}`;
      labels.push(label);
      if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
        problems.push({ field: label, problem: 'must be a rule (a mapping)' });
        return null;
      }
      const { rule, problems: own } = validateRule(
        camelKeys(raw as Record<string, unknown>) as RuleInput,
        this.kinds,
      );
      problems.push(...own.map((p) => ({ field: `${label}.${p.field}`, problem: p.problem })));
      return own.length ? null : rule;
    });
    for (const [i, rule] of valid.entries())
      if (rule) {
        const own: FieldProblem[] = [];
        await this.checkTiers(rule, own);
        problems.push(...own.map((p) => ({ field: `${labels[i]}.${p.field}`, problem: p.problem })));
      }
    for (const [i, rule] of valid.entries())
      if (rule)
        for (const p of await this.references.problems(rule, templates))
          problems.push({ field: `${labels[i]}.${p.field}`, problem: p.problem });
    const names = valid.filter(Boolean).map((r) => r!.name);
    names.forEach(
      (n, i) =>
        names.indexOf(n) !== i &&
        problems.push({ field: `rules (${n})`, problem: 'the name appears more than once' }),
    );
    if (problems.length) throw new ValidationFailed(problems);
    const result: LoadResult = { created: [], updated: [] };
    const now = this.clock.now();
    await this.ds.transaction(async (tx) => {
      const repo = tx.getRepository(Rule);
      for (const rule of valid) {
        const existing = await repo.findOneBy({ name: rule!.name });
        if (existing) {
          await repo.update({ id: existing.id }, { ...rule!, updatedAt: now } as never);
          result.updated.push(rule!.name);
        } else {
          await repo.insert({ ...rule!, createdAt: now, updatedAt: now } as never);
          result.created.push(rule!.name);
        }
      }
    });
    return result;
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
