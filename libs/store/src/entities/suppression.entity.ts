import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** GDPR erase keeps only a hash of the email/phone so a later import does not re-subscribe them. */
@Entity('suppressions')
export class Suppression {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  hash: string;

  @Column({ type: 'varchar', length: 20 })
  reason: string;

  @InstantColumn()
  createdAt: Date;
}
