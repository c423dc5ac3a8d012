import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Rule, rows } from '@touchbase/store';
import { BackInStockParams, notifyLimit } from './kinds/back-in-stock.kind';
import { RuleKindRegistry } from './kinds/rule-kind.registry';
import { validateParams } from './kinds/rule-kind';

export interface RestockReach {
  /** Customers waiting for the product now (erased customers left out, as the rule leaves them out). */
  waiting: number;
  /** Whether the change records a restock (stock from ≤ 0 to > 0). */
  restock: boolean;
  /** Waiting customers the back_in_stock rules that are on will tell, at most (audiences may narrow it). */
  willTell: number;
  rules: { id: number; name: string; tells: number }[];
}

/**
 * What a stock change would do to the waitlist, counted with the rule's own formula
 * (notifyLimit) before the change is made: the restock form's confirmation and the API's
 * restock preview. The change itself goes through ProductService like the inventory webhook.
 */
@Injectable()
export class RestockReachService {
  constructor(
    private readonly ds: DataSource,
    private readonly kinds: RuleKindRegistry,
  ) {}

  async forChange(productId: number, previousStock: number, newStock: number): Promise<RestockReach> {
    const [{ n }] = await rows<{ n: number | string }>(
      this.ds,
      `SELECT COUNT(*) AS n FROM waitlist_entries w JOIN customers c ON c.id = w.customer_id
       WHERE w.product_id = ? AND w.status = 'waiting' AND c.erased_at IS NULL`,
      [productId],
    );
    const waiting = Number(n);
    const restock = previousStock <= 0 && newStock > 0;
    const kind = this.kinds.get('back_in_stock');
    const on = await this.ds
      .getRepository(Rule)
      .find({ where: { kind: 'back_in_stock', enabled: true }, order: { priority: 'DESC', id: 'ASC' } });
    // Each rule tells the next customers still waiting, so together they reach the sum, capped.
    let left = restock ? waiting : 0;
    const rules = on.map((r) => {
      const { params } = kind
        ? validateParams<BackInStockParams>(kind, r.params)
        : { params: { per_unit: 1 } as BackInStockParams };
      const tells = Math.min(left, notifyLimit(previousStock, newStock, params.per_unit));
      left -= tells;
      return { id: r.id, name: r.name, tells };
    });
    return { waiting, restock, willTell: rules.reduce((s, r) => s + r.tells, 0), rules };
  }
}
