import type { EntityManager } from 'typeorm';
import type { FieldProblem } from '@touchbase/core';
import { type AudienceFilter, Tier } from '@touchbase/store';

/**
 * A rule's audience may name service tiers (docs/ingest.md#service-tiers). Every name must be a
 * tier that exists when the rule is saved — a typo would silently reach nobody — and is stored
 * in the tier's own spelling. Returns the audience to store and the problems (field
 * `audience.tiers`).
 */
export async function checkAudienceTiers(
  db: EntityManager,
  audience: AudienceFilter,
): Promise<{ audience: AudienceFilter; problems: FieldProblem[] }> {
  if (!audience.tiers?.length) return { audience, problems: [] };
  const tiers = await db.getRepository(Tier).find({ order: { rank: 'ASC', id: 'ASC' } });
  const byName = new Map(tiers.map((t) => [t.name.toLowerCase(), t.name]));
  const unknown = audience.tiers.filter((n) => !byName.has(n.toLowerCase()));
  if (unknown.length)
    return {
      audience,
      problems: [
        {
          field: 'audience.tiers',
          problem: `no tier named ${unknown.map((n) => `"${n}"`).join(', ')} (tiers: ${tiers.map((t) => t.name).join(', ') || 'none defined'})`,
        },
      ],
    };
  const names = [...new Set(audience.tiers.map((n) => byName.get(n.toLowerCase())!))];
  return { audience: { ...audience, tiers: names }, problems: [] };
}
