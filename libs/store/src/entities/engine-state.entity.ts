import { Column, Entity, PrimaryColumn } from 'typeorm';
import { InstantColumn } from '../columns';

/** Small key/value state: how far the scheduler has evaluated, last tick, paused channels. */
@Entity('engine_state')
export class EngineState {
  @PrimaryColumn({ type: 'varchar', length: 100 })
  key: string;

  @Column({ type: 'text' })
  value: string;

  @InstantColumn()
  updatedAt: Date;
}
