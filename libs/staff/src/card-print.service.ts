import { Inject, Injectable, Optional } from '@nestjs/common';
import { DataSource, In } from 'typeorm';
import { APP_CONFIG, AppConfig } from '@touchbase/config';
import {
  Clock,
  invalidField,
  NotFound,
  postalLines,
  supportedLocale,
  TaskComposer,
  TaskTexts,
} from '@touchbase/core';
import { Customer, customerName, Rule, SettingsService, Task, touchCustomerOf } from '@touchbase/store';
import { Principal } from './principal';
import { assertMayAct } from './task-fields';

/**
 * An A4 sheet of address labels (docs/staff.md#cards-and-labels): columns × rows of labels of
 * width × height, the first one `top`/`left` from the sheet's corner, the next ones a pitch apart
 * (the pitch includes the gap between labels). All in millimetres.
 */
export interface LabelLayout {
  key: string;
  cols: number;
  rows: number;
  widthMm: number;
  heightMm: number;
  topMm: number;
  leftMm: number;
  pitchXMm: number;
  pitchYMm: number;
}

/** The standard A4 label sheets on offer: 3×7 of 70 × 42.3 mm; 2×8 of 99.1 × 33.9 mm; 2×4 of 99.1 × 67.7 mm. */
export const LABEL_LAYOUTS: Record<string, LabelLayout> = {
  '3x7': {
    key: '3x7',
    cols: 3,
    rows: 7,
    widthMm: 70,
    heightMm: 42.3,
    topMm: 0.45,
    leftMm: 0,
    pitchXMm: 70,
    pitchYMm: 42.3,
  },
  '2x8': {
    key: '2x8',
    cols: 2,
    rows: 8,
    widthMm: 99.1,
    heightMm: 33.9,
    topMm: 12.9,
    leftMm: 4.65,
    pitchXMm: 101.6,
    pitchYMm: 33.9,
  },
  '2x4': {
    key: '2x4',
    cols: 2,
    rows: 4,
    widthMm: 99.1,
    heightMm: 67.7,
    topMm: 13.1,
    leftMm: 4.65,
    pitchXMm: 101.6,
    pitchYMm: 67.7,
  },
};

/** At most this many tasks per print run. */
export const MAX_PRINT_TASKS = 200;

export interface PrintCard {
  customerId: number;
  customerName: string;
  /** The customer's language: the card's text is in it. */
  locale: string;
  taskIds: number[];
  greeting: string;
  text: string;
  closing: string;
  /** The label's lines in the destination country's order; null: no postal address on record. */
  address: string[] | null;
  /** When one of its tasks was printed before, or null. */
  printedAt: string | null;
}

export interface PrintLabel {
  customerId: number;
  lines: string[];
  /** Position of the label's top-left corner on its sheet, in mm. */
  xMm: number;
  yMm: number;
}

export interface PrintSheet {
  layout: LabelLayout;
  cards: PrintCard[];
  /** Sheets of labels, each at most cols × rows; customers without an address get no label. */
  pages: PrintLabel[][];
}

/**
 * The print view for card tasks: one card text per customer in the customer's language (task
 * template `card_text`) and their address labels laid out on A4 label sheets; printing marks
 * the tasks printed (again allowed).
 */
@Injectable()
export class CardPrintService {
  constructor(
    private readonly ds: DataSource,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ownerSettings: SettingsService,
    @Optional() private readonly texts?: TaskComposer,
  ) {}

  async sheet(caller: Principal, ids: number[], layoutKey = '3x7', start = 1): Promise<PrintSheet> {
    const layout = LABEL_LAYOUTS[layoutKey];
    if (!layout) throw invalidField('layout', `must be one of ${Object.keys(LABEL_LAYOUTS).join(', ')}`);
    const perSheet = layout.cols * layout.rows;
    if (!Number.isInteger(start) || start < 1 || start > perSheet)
      throw invalidField('start', `must be a label number from 1 to ${perSheet}`);
    const tasks = await this.cardTasks(caller, ids);
    const customers = await this.ds.manager.findBy(Customer, {
      id: In([...new Set(tasks.map((t) => t.customerId))]),
    });
    const ruleIds = [...new Set(tasks.map((t) => t.ruleId).filter((r): r is number => r !== null))];
    const rules = ruleIds.length ? await this.ds.manager.findBy(Rule, { id: In(ruleIds) }) : [];
    const kindOf = new Map(rules.map((r) => [r.id, r.kind]));
    const home = this.config.business.phoneRegion;
    const sender = this.ownerSettings.get().defaultLocale;
    const cards: PrintCard[] = [];
    for (const c of customers.sort((a, b) => a.id - b.id)) {
      const own = tasks.filter((t) => t.customerId === c.id);
      const locale = supportedLocale(c.locale ?? this.ownerSettings.get().defaultLocale);
      const about =
        own.map((t) => (t.ruleId !== null ? kindOf.get(t.ruleId) : undefined)).find(Boolean) ?? 'card';
      const words = await this.cardText(c, locale, about);
      const printed = own.map((t) => t.printedAt?.getTime() ?? 0).reduce((a, b) => Math.max(a, b), 0);
      const name = customerName(c);
      cards.push({
        customerId: c.id,
        customerName: name,
        locale,
        taskIds: own.map((t) => t.id),
        greeting: words?.title ?? '',
        text: words?.reason ?? '',
        closing: words?.talkingPoints ?? '',
        address:
          c.street && c.city
            ? postalLines(
                { name, street: c.street, postcode: c.postcode, city: c.city, country: c.country },
                home,
                sender,
              )
            : null,
        printedAt: printed ? new Date(printed).toISOString() : null,
      });
    }
    const pages: PrintLabel[][] = [];
    let slot = start - 1;
    for (const card of cards) {
      if (!card.address) continue;
      const page = Math.floor(slot / perSheet);
      const at = slot % perSheet;
      (pages[page] ??= []).push({
        customerId: card.customerId,
        lines: card.address,
        xMm: round(layout.leftMm + (at % layout.cols) * layout.pitchXMm),
        yMm: round(layout.topMm + Math.floor(at / layout.cols) * layout.pitchYMm),
      });
      slot++;
    }
    return { layout, cards, pages: pages.filter(Boolean) };
  }

  /** Marks the card tasks printed now (printing again moves the date); answers how many. */
  async markPrinted(caller: Principal, ids: number[]): Promise<number> {
    const tasks = await this.cardTasks(caller, ids);
    await this.ds.manager.update(Task, { id: In(tasks.map((t) => t.id)) }, { printedAt: this.clock.now() });
    return tasks.length;
  }

  private async cardTasks(caller: Principal, ids: number[]): Promise<Task[]> {
    if (
      !Array.isArray(ids) ||
      !ids.length ||
      ids.length > MAX_PRINT_TASKS ||
      ids.some((id) => !Number.isInteger(id))
    )
      throw invalidField('ids', `must list 1 to ${MAX_PRINT_TASKS} card task ids`);
    const unique = [...new Set(ids)];
    const tasks = await this.ds.manager.findBy(Task, { id: In(unique) });
    const missing = unique.filter((id) => !tasks.some((t) => t.id === id));
    if (missing.length) throw new NotFound(`No task ${missing.join(', ')}`);
    for (const t of tasks) assertMayAct(caller, t);
    const notCards = tasks.filter((t) => t.kind !== 'card').map((t) => t.id);
    if (notCards.length) throw invalidField('ids', `task ${notCards.join(', ')} is not a card task`);
    return tasks.sort((a, b) => a.id - b.id);
  }

  private async cardText(c: Customer, locale: string, about: string): Promise<TaskTexts | null> {
    if (!this.texts) return null;
    const all = await this.texts.compose('card_text', { customer: touchCustomerOf(c) }, { about });
    return all?.[locale] ?? all?.[this.ownerSettings.get().defaultLocale] ?? all?.en ?? null;
  }
}

function round(mm: number): number {
  return Math.round(mm * 100) / 100;
}
