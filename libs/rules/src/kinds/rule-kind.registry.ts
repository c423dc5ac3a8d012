import { Injectable } from '@nestjs/common';
import { backInStockKind } from './back-in-stock.kind';
import { bigPurchaseKind } from './big-purchase.kind';
import { birthdayKind } from './birthday.kind';
import type { RuleKind } from './rule-kind';
import { topCustomerKind } from './top-customer.kind';

/**
 * The rule kinds the engine knows. Another area adds one (insights adds satisfaction_survey) with
 * `registry.register(kind)` in its module's onModuleInit; the engine core does not change.
 */
@Injectable()
export class RuleKindRegistry {
  private readonly kinds = new Map<string, RuleKind<any>>();

  constructor() {
    for (const k of [birthdayKind, bigPurchaseKind, topCustomerKind, backInStockKind]) this.register(k);
  }

  register(kind: RuleKind<any>): void {
    this.kinds.set(kind.kind, kind);
  }

  get(kind: string): RuleKind<any> | undefined {
    return this.kinds.get(kind);
  }

  names(): string[] {
    return [...this.kinds.keys()];
  }

  all(): RuleKind<any>[] {
    return [...this.kinds.values()];
  }
}
